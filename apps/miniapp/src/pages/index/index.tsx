import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import AccessibleButton from '../../components/AccessibleButton';
import { keyboardOperable } from '../../components/a11y';
import Taro, { useDidShow, useLoad } from '@tarojs/taro';
import LargeTextToggle from '../../components/LargeTextToggle';
import PageShell from '../../components/PageShell';
import { scanWindowCode } from '../../platform';
import { useLargeText } from '../../services/large-text';
import { citizenUnreadCount } from '../../services/notices';
import { ratePageUrl, sceneFromText } from '../../services/scene';
import { hasStaffSession, STAFF_HOME_URL, STAFF_LOGIN_URL } from '../../services/staff-session';
import './index.scss';
import NavButton from '../../components/NavButton';

export default function Home() {
  const [large, toggleLarge] = useLargeText();

  // A member of staff signed in on this phone comes here to work: straight to 我的工单.
  useLoad(() => {
    if (hasStaffSession()) void Taro.redirectTo({ url: STAFF_HOME_URL });
  });

  // News about the citizen's cases waits in 我的评价 → 我的消息: the badge says so, fresh each time home shows.
  const [unread, setUnread] = useState<number | null>(null);
  useDidShow(() => {
    void citizenUnreadCount().then(setUnread);
  });

  const scan = async () => {
    const scanned = await scanWindowCode();
    if (scanned === null) return;
    // A window's code is its URL (…/r/{scene}) or this app's path (pages/rate/index?scene=…).
    const scene = sceneFromText(scanned);
    if (scene !== null) {
      await Taro.navigateTo({ url: ratePageUrl(scene) });
      return;
    }
    await Taro.showToast({ title: '这不是办事窗口的评价二维码', icon: 'none', duration: 2500 });
  };

  const openStaffLogin = () => void Taro.navigateTo({ url: STAFF_LOGIN_URL });

  return (
    <PageShell large={large}>
      <View className='home'>
        <View className='home__toolbar'>
          <LargeTextToggle on={large} onToggle={toggleLarge} />
        </View>
        <View className='home__intro'>
          <Text className='home__title'>政务服务好差评</Text>
          <Text className='home__lead'>扫描窗口二维码，三步完成评价</Text>
        </View>
        {/* Taro's own Button, styled here: NutUI's button alone cost the main package about 28 KB. */}
        <AccessibleButton className='home__scan' hoverClass='hcp-pressed' onClick={() => void scan()}>
          扫码评价
        </AccessibleButton>
        <NavButton to='mine' className='home__mine' unread={unread}>
          我的评价
        </NavButton>
        <NavButton to='public' className='home__public'>
          公开评价
        </NavButton>
        <View className='home__staff' ariaRole='link' onClick={openStaffLogin} {...keyboardOperable(openStaffLogin)}>
          <Text className='home__staff-text'>工作人员入口</Text>
        </View>
      </View>
    </PageShell>
  );
}
