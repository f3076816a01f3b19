import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import AccessibleButton from '../../components/AccessibleButton';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { CASE_STATE_LABELS, ratingLevelLabel, type CaseAction, type CaseDetail } from '@hcp/contracts';
import PageShell from '../../components/PageShell';
import StatusMessage from '../../components/StatusMessage';
import { windowTitle } from '../../services/format';
import { ApiError } from '../../services/request';
import StaffBar from '../components/StaffBar';
import { getCase } from '../services/cases';
import { DONE_LABELS } from '../services/labels';
import { backToCases, handlesCasesOf, leaveIfSignedOut } from '../services/staff-api';
import { exceptionsFor, NO_EXCEPTIONS, type DayExceptions } from '../services/time-left';
import ActionPanel from './ActionPanel';
import ContactCard from './ContactCard';
import DeadlineCard from './DeadlineCard';
import HandlingSection from './HandlingSection';
import RatingSection from './RatingSection';
import Timeline from './Timeline';
import './index.scss';

type PageView =
  | { kind: 'loading' }
  | { kind: 'ready'; detail: CaseDetail; now: number }
  | { kind: 'failed'; message: string; retry: boolean };

/**
 * A case as its handler works it: what happened, how long is left, the rater's number and the actions the server
 * allows now, at the top where a thumb reaches; the rating, the handling so far and the timeline below.
 */
export default function StaffCasePage() {
  const { params } = useRouter();
  const id = params?.id ?? '';
  const [view, setView] = useState<PageView>({ kind: 'loading' });
  const [exceptions, setExceptions] = useState<DayExceptions>(NO_EXCEPTIONS);
  /** Why the page changed under the member of staff (someone else acted first). */
  const [notice, setNotice] = useState<string | null>(null);

  const show = useCallback((detail: CaseDetail) => {
    const now = Date.now();
    setView({ kind: 'ready', detail, now });
    const { callbackDueAt, replyDueAt, confirmDueAt } = detail.deadlines;
    void exceptionsFor([callbackDueAt, replyDueAt, ...(confirmDueAt ? [confirmDueAt] : [])], now).then(setExceptions);
  }, []);

  const load = useCallback(async () => {
    if (id === '') {
      setView({ kind: 'failed', message: '没有找到该工单。', retry: false });
      return;
    }
    try {
      show(await getCase(id));
    } catch (error) {
      if (leaveIfSignedOut(error)) return;
      const gone = error instanceof ApiError && (error.status === 404 || error.status === 403);
      const message = gone ? '没有找到该工单，或该工单不在您的处理范围内。' : error instanceof ApiError ? error.message : '加载失败，请稍后再试';
      setView((current) => (current.kind === 'ready' && !gone ? current : { kind: 'failed', message, retry: !gone }));
    }
  }, [id, show]);

  useDidShow(() => {
    void load();
  });

  const done = (detail: CaseDetail, action: CaseAction) => {
    setNotice(null);
    show(detail);
    void Taro.showToast({ title: DONE_LABELS[action], icon: 'none', duration: 2000 });
  };

  const conflict = (message: string) => {
    setNotice(message);
    void load();
  };

  return (
    <PageShell large={false}>
      <View className='staff-case'>
        <StaffBar title='工单详情' back={{ label: '返回工单列表', onBack: backToCases }} inbox />
        {view.kind === 'loading' ? <Text className='staff-case__hint'>正在加载…</Text> : null}
        {view.kind === 'failed' ? (
          <StatusMessage tone='warning' title='暂时无法打开工单' text={view.message}>
            {view.retry ? (
              <AccessibleButton className='staff-case__retry' hoverClass='hcp-pressed' onClick={() => void load()}>
                重新加载
              </AccessibleButton>
            ) : null}
          </StatusMessage>
        ) : null}
        {view.kind === 'ready' ? (
          <>
            <Header detail={view.detail} />
            {notice ? (
              <View className='staff-case__notice' ariaRole='alert'>
                <Text>{notice}</Text>
              </View>
            ) : null}
            <DeadlineCard detail={view.detail} now={view.now} exceptions={exceptions} />
            <ContactCard caseId={view.detail.id} masked={view.detail.contactMasked} canReveal={handlesCasesOf(view.detail.unit.id)} />
            <View className='section'>
              <Text className='section__title'>办理</Text>
              <ActionPanel detail={view.detail} onDone={done} onConflict={conflict} />
            </View>
            <RatingSection detail={view.detail} />
            <HandlingSection detail={view.detail} />
            <Timeline events={view.detail.timeline} />
          </>
        ) : null}
      </View>
    </PageShell>
  );
}

function Header({ detail }: { detail: CaseDetail }) {
  return (
    <View className='case-head'>
      <View className='case-head__row'>
        <Text className='case-head__no' userSelect>
          {detail.caseNo}
        </Text>
        {detail.overdue ? <Text className='case-head__late'>超期</Text> : null}
      </View>
      <Text className='case-head__state'>{CASE_STATE_LABELS[detail.state]}</Text>
      <Text className='case-head__what'>
        {detail.level !== null && detail.window ? `${ratingLevelLabel(detail.level)} · ${windowTitle(detail.window)}` : 'Open311 诉求'}
      </Text>
      <Text className='case-head__who'>{detail.assignee ? `处理人：${detail.assignee.name}` : '未指派（单位待办）'}</Text>
    </View>
  );
}
