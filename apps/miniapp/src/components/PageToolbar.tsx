import { View } from '@tarojs/components';
import LargeTextToggle from './LargeTextToggle';
import NavButton from './NavButton';
import './PageToolbar.scss';

/**
 * The row at the top of a citizen page: a way home (a browser opened on a QR code's address has no other), and the
 * 大字模式 switch. A page whose own buttons already lead home passes `home={false}`.
 */
export default function PageToolbar({ large, onToggleLarge, home = true }: { large: boolean; onToggleLarge: () => void; home?: boolean }) {
  return (
    <View className='toolbar'>
      {home ? (
        <NavButton to='home' className='toolbar__home'>
          返回首页
        </NavButton>
      ) : (
        <View />
      )}
      <LargeTextToggle on={large} onToggle={onToggleLarge} />
    </View>
  );
}
