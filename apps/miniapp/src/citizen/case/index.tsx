import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import AccessibleButton from '../../components/AccessibleButton';
import { useDidShow, useRouter } from '@tarojs/taro';
import { CASE_CLOSE_KIND_LABELS, CASE_STATE_LABELS, ratingLevelLabel, type MyCase } from '@hcp/contracts';
import LargeTextToggle from '../../components/LargeTextToggle';
import NavButton from '../../components/NavButton';
import PageShell from '../../components/PageShell';
import StatusMessage from '../../components/StatusMessage';
import { formatDateTime, formatDeadline, windowTitle } from '../../services/format';
import { useLargeText } from '../../services/large-text';
import { getMyCase } from '../services/my-cases';
import { ApiError } from '../../services/request';
import { ConfirmForm, FollowUpForm } from './Answers';
import './index.scss';

type PageView = { kind: 'loading' } | { kind: 'ready'; myCase: MyCase } | { kind: 'failed'; message: string; retry: boolean };

/** A state in the citizen's words: without a number nobody called, so "已回访核实" would say what did not happen. */
function stateText(c: MyCase): string {
  if (c.state === 'closed') return c.closeKind ? `已办结（${CASE_CLOSE_KIND_LABELS[c.closeKind]}）` : '已办结';
  if (c.state === 'replied') return '已答复，请您确认';
  if (c.state === 'verified' && !c.callbackExpected) return '核实处理中';
  return CASE_STATE_LABELS[c.state];
}

/**
 * 我的评价 → the case: how far it has come (the server's timeline, in plain Chinese), its deadlines as the server
 * computed them, the unit's reply and the citizen's answer to it, and one 追评 after it closed.
 */
export default function MyCasePage() {
  const { params } = useRouter();
  const id = params?.id ?? '';
  const [large, toggleLarge] = useLargeText();
  const [view, setView] = useState<PageView>({ kind: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (id === '') {
      setView({ kind: 'failed', message: '请从“我的评价”中打开。', retry: false });
      return;
    }
    try {
      setView({ kind: 'ready', myCase: await getMyCase(id) });
    } catch (error) {
      const gone = error instanceof ApiError && (error.status === 404 || error.status === 403);
      const message = gone ? '没有找到该案件，请从“我的评价”中打开。' : error instanceof ApiError ? error.message : '加载失败，请稍后再试';
      setView((current) => (current.kind === 'ready' && !gone ? current : { kind: 'failed', message, retry: !gone }));
    }
  }, [id]);

  useDidShow(() => {
    void load();
  });

  /** The answer was already given (another phone, a double tap): show the case as it is now, and say why. */
  const answered = (next: MyCase | null, message?: string) => {
    setNotice(message ?? null);
    if (next) setView({ kind: 'ready', myCase: next });
    else void load();
  };

  return (
    <PageShell large={large}>
      <View className='my-case'>
        <View className='my-case__head'>
          <Text className='my-case__title'>处理进展</Text>
          <LargeTextToggle on={large} onToggle={toggleLarge} />
        </View>
        {view.kind === 'loading' ? <Text className='my-case__hint'>正在加载…</Text> : null}
        {view.kind === 'failed' ? (
          <StatusMessage tone='warning' title='暂时无法查看处理进展' text={view.message}>
            {view.retry ? (
              <AccessibleButton className='my-case__retry' hoverClass='hcp-pressed' onClick={() => void load()}>
                重新加载
              </AccessibleButton>
            ) : null}
          </StatusMessage>
        ) : null}
        {view.kind === 'ready' ? <Progress myCase={view.myCase} notice={notice} onAnswered={answered} /> : null}
        <View className='my-case__nav'>
          <NavButton to='mine' className='my-case__mine'>
            返回我的评价
          </NavButton>
          <NavButton to='home' className='my-case__home'>
            返回首页
          </NavButton>
        </View>
      </View>
    </PageShell>
  );
}

function Progress({ myCase, notice, onAnswered }: { myCase: MyCase; notice: string | null; onAnswered: (next: MyCase | null, message?: string) => void }) {
  return (
    <>
      <View className='my-case__card my-case__card--summary'>
        <View className='my-case__row'>
          <Text className='my-case__no' userSelect>
            案件编号 {myCase.caseNo}
          </Text>
          <Text className='my-case__state'>{stateText(myCase)}</Text>
        </View>
        <Text className='my-case__place'>
          {myCase.window.hallName} {windowTitle(myCase.window)}
        </Text>
        <Text className='my-case__unit'>
          {myCase.unit.name} · 您的评价：{ratingLevelLabel(myCase.level)}
        </Text>
      </View>

      {notice ? (
        <View className='my-case__notice' ariaRole='alert'>
          <Text>{notice}</Text>
        </View>
      ) : null}

      <Deadlines myCase={myCase} />

      {myCase.reply ? (
        <View className='my-case__card my-case__card--reply'>
          <Text className='my-case__label'>单位答复（{formatDateTime(myCase.reply.at)}）</Text>
          <Text className='my-case__reply' userSelect>
            {myCase.reply.reply}
          </Text>
        </View>
      ) : null}

      {myCase.canConfirm ? (
        <ConfirmForm
          caseId={myCase.id}
          due={myCase.deadlines.confirmDueAt ? `请在 ${formatDeadline(myCase.deadlines.confirmDueAt)} 前告诉我们；逾期未确认的，将默认办结。` : null}
          onAnswered={onAnswered}
        />
      ) : null}
      {myCase.canFollowUp ? <FollowUpForm caseId={myCase.id} onAnswered={onAnswered} /> : null}
      {myCase.followUp ? (
        <View className='my-case__card'>
          <Text className='my-case__label'>您的追评（{formatDateTime(myCase.followUp.at)}）</Text>
          <Text className='my-case__text'>
            {ratingLevelLabel(myCase.followUp.level)}
            {myCase.followUp.comment ? `：“${myCase.followUp.comment}”` : ''}
          </Text>
        </View>
      ) : null}

      {myCase.timeline.length > 0 ? (
        <View className='my-case__card'>
          <Text className='my-case__label'>处理记录</Text>
          <View className='my-case__timeline'>
            {myCase.timeline.map((entry, i) => (
              <View key={`${entry.at}-${i}`} className='my-case__event'>
                <Text className='my-case__event-time'>{formatDateTime(entry.at)}</Text>
                <Text className='my-case__event-text'>{entry.text}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}
    </>
  );
}

/** The deadlines the server computed for this case, in plain words; none is ever written in the mini-program. */
function Deadlines({ myCase }: { myCase: MyCase }) {
  const { deadlines, state } = myCase;
  const lines: string[] = [];
  if (!myCase.reply && state !== 'closed' && state !== 'cancelled') {
    const reply = formatDeadline(deadlines.replyDueAt);
    if (!myCase.callbackExpected) {
      lines.push(`您没有留下联系电话，工作人员不会电话联系您。承办单位将核实情况，于 ${reply} 前在这里答复您。`);
    } else {
      if (state === 'awaiting_callback') lines.push(`工作人员将在 ${formatDeadline(deadlines.callbackDueAt)} 前电话回访核实。`);
      lines.push(`承办单位将在 ${reply} 前答复处理结果。`);
    }
  }
  if (lines.length === 0) return null;
  return (
    <View className='my-case__card my-case__card--deadlines'>
      {lines.map((line) => (
        <Text key={line} className='my-case__deadline'>
          {line}
        </Text>
      ))}
    </View>
  );
}
