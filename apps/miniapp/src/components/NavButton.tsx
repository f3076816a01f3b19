import { Button } from '@tarojs/components';
import Taro from '@tarojs/taro';

const TARGETS = {
  // Home restarts the page stack: after a rating there is nothing to go back to.
  home: () => Taro.reLaunch({ url: '/pages/index/index' }),
  mine: () => Taro.navigateTo({ url: '/pages/mine/index' }),
} as const;

interface Props {
  to: keyof typeof TARGETS;
  className: string;
  children: string;
}

/** A large button that goes to one of the citizen's places: home or 我的评价. */
export default function NavButton({ to, className, children }: Props) {
  return (
    <Button className={className} hoverClass='hcp-pressed' onClick={() => void TARGETS[to]()}>
      {children}
    </Button>
  );
}
