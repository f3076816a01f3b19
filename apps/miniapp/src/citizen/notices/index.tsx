import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { NOTICE_CASE_PAGES } from '@hcp/contracts';
import NoticeInbox from '../../components/NoticeInbox';
import PageShell from '../../components/PageShell';
import PageToolbar from '../../components/PageToolbar';
import { citizenRequest } from '../../services/citizen';
import { useLargeText } from '../../services/large-text';
import { noticeApi } from '../../services/notices';
import './index.scss';

const api = noticeApi(citizenRequest);
const EMPTY = { title: '暂时没有消息', text: '您提出不满意的评价后，承办单位的回访、答复和办结情况会在这里告诉您。' };

/** 我的消息: what happened to the citizen's 差评 cases (受理, 回访, 答复, 办结…); a tap opens the case's progress. */
export default function CitizenNoticesPage() {
  const [large, toggleLarge] = useLargeText();
  return (
    <PageShell large={large}>
      <View className='citizen-notices'>
        <PageToolbar large={large} onToggleLarge={toggleLarge} />
        <Text className='citizen-notices__title'>我的消息</Text>
        <NoticeInbox
          api={api}
          empty={EMPTY}
          openCase={(caseId) => void Taro.navigateTo({ url: `/${NOTICE_CASE_PAGES.citizen}?id=${encodeURIComponent(caseId)}` })}
        />
      </View>
    </PageShell>
  );
}
