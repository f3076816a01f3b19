import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
// NutUI per component: the module and its own stylesheet, never the 234 KB full stylesheet.
import Button from '@nutui/nutui-react-taro/dist/es/packages/button/index';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/style.css';
import { scanWindowCode } from '../../platform';
import './index.scss';

/** A window's mini-program code carries a page of this app, e.g. `pages/rate/index?scene=…`. */
const APP_PAGE_PATH = /^\/?pages\//;

export default function Home() {
  const scan = async () => {
    const scanned = await scanWindowCode();
    if (scanned === null) return;
    if (APP_PAGE_PATH.test(scanned)) {
      try {
        await Taro.navigateTo({ url: `/${scanned.replace(/^\//, '')}` });
        return;
      } catch {
        // A page this version does not have: treat it like any foreign code.
      }
    }
    await Taro.showToast({ title: '这不是办事窗口的评价二维码', icon: 'none', duration: 2500 });
  };

  return (
    <View className='home'>
      <View className='home__intro'>
        <Text className='home__title'>政务服务好差评</Text>
        <Text className='home__lead'>扫描窗口二维码，三步完成评价</Text>
      </View>
      <Button className='home__scan' type='primary' size='xlarge' block onClick={() => void scan()}>
        扫码评价
      </Button>
    </View>
  );
}
