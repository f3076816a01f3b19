import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { NOTICE_CASE_PAGES } from '@hcp/contracts';
import NoticeInbox from '../../components/NoticeInbox';
import PageShell from '../../components/PageShell';
import StaffBar from '../components/StaffBar';
import WechatReminders from '../components/WechatReminders';
import { staffNoticeApi } from '../services/notices';
import { backToCases, leaveIfSignedOut } from '../services/staff-api';
import './index.scss';

const EMPTY = { title: '暂时没有消息', text: '有新工单、工单临近期限或超期、群众表示未解决时，会在这里提醒您。' };

/** 消息 for a member of staff: new cases, deadlines near, overdue, reopened, appeals ruled; a tap opens the case. */
export default function StaffNoticesPage() {
  return (
    <PageShell large={false}>
      <View className='staff-notices'>
        <StaffBar title='消息' back={{ label: '返回工单列表', onBack: backToCases }} />
        <WechatReminders />
        <NoticeInbox
          api={staffNoticeApi}
          empty={EMPTY}
          leave={leaveIfSignedOut}
          openCase={(caseId) => void Taro.navigateTo({ url: `/${NOTICE_CASE_PAGES.staff}?id=${encodeURIComponent(caseId)}` })}
        />
      </View>
    </PageShell>
  );
}
