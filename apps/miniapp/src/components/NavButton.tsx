import AccessibleButton from './AccessibleButton';
import Taro from '@tarojs/taro';
import { CITIZEN_INBOX_URL } from '../services/notices';
import UnreadBadge from './UnreadBadge';

const TARGETS = {
  // Home restarts the page stack: after a rating there is nothing to go back to.
  home: () => Taro.reLaunch({ url: '/pages/index/index' }),
  mine: () => Taro.navigateTo({ url: '/pages/mine/index' }),
  // The citizen subpackage's page: downloaded when first opened.
  inbox: () => Taro.navigateTo({ url: CITIZEN_INBOX_URL }),
  // 公开评价, in the citizen subpackage too: open to anyone, no sign-in.
  public: () => Taro.navigateTo({ url: '/citizen/public/index' }),
} as const;

interface Props {
  to: keyof typeof TARGETS;
  className: string;
  children: string;
  /** Unread notices to show beside the words (none when 0 or unknown). */
  unread?: number | null;
}

/** A large button that goes to one of the citizen's places: home, 我的评价, 消息 or 公开评价. */
export default function NavButton({ to, className, children, unread }: Props) {
  return (
    <AccessibleButton className={className} hoverClass='hcp-pressed' onClick={() => void TARGETS[to]()}>
      {children}
      <UnreadBadge count={unread} />
    </AccessibleButton>
  );
}
