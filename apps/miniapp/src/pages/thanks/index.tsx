import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import AccessibleButton from '../../components/AccessibleButton';
import Taro, { useRouter } from '@tarojs/taro';
import { isBadRating, ratingLevelLabel, type MyRating, type RatingLevel } from '@hcp/contracts';
import EarlierRating from '../../components/EarlierRating';
import Face from '../../components/Face';
import NavButton from '../../components/NavButton';
import PageShell from '../../components/PageShell';
import PageToolbar from '../../components/PageToolbar';
import StatusMessage from '../../components/StatusMessage';
import { formatDeadline, windowTitle } from '../../services/format';
import { useLargeText } from '../../services/large-text';
import { flushRatingQueue, onQueueEvent, pendingRatings, type PendingRating } from '../../services/rating-queue';
import { listMyRatings } from '../../services/ratings';
import { findReceipt, saveReceipt, type RatedPlace, type SavedReceipt } from '../../services/receipts';
import NoticePrompt from './NoticePrompt';
import './index.scss';

type Outcome =
  | { kind: 'sent'; saved: SavedReceipt }
  | { kind: 'pending'; pending: PendingRating }
  | { kind: 'duplicate'; ratingId: string }
  | { kind: 'dropped'; message: string }
  | { kind: 'unknown' };

function outcomeFor(params: Record<string, string | undefined>): Outcome {
  if (params.duplicate) return { kind: 'duplicate', ratingId: params.duplicate };
  const clientId = params.clientId;
  if (!clientId) return { kind: 'unknown' };
  const saved = findReceipt(clientId);
  if (saved) return { kind: 'sent', saved };
  const pending = pendingRatings().find((p) => p.request.clientId === clientId);
  return pending ? { kind: 'pending', pending } : { kind: 'unknown' };
}

/**
 * After 提交评价: thanks; for a 差评 the case number and its deadlines; or, without a network, the promise that the
 * rating waits on the phone and goes out by itself (this page follows the queue and changes when it has). Opened
 * with nothing to thank for (typed in, or an old link), it goes home.
 */
export default function ThanksPage() {
  const { params } = useRouter();
  const [large, toggleLarge] = useLargeText();
  const [outcome, setOutcome] = useState<Outcome>(() => outcomeFor(params ?? {}));
  const clientId = params?.clientId;

  useEffect(() => {
    if (outcome.kind === 'unknown') void Taro.reLaunch({ url: '/pages/index/index' });
  }, [outcome.kind]);

  useEffect(
    () =>
      onQueueEvent((event) => {
        if (event.type === 'changed' || event.clientId !== clientId) return;
        if (event.type === 'sent') {
          setOutcome(outcomeFor({ clientId }));
        } else if (event.error.code === 'RATING_DUPLICATE' && typeof event.error.body.existingRatingId === 'string') {
          setOutcome({ kind: 'duplicate', ratingId: event.error.body.existingRatingId });
        } else {
          setOutcome({ kind: 'dropped', message: event.error.message });
        }
      }),
    [clientId],
  );

  return (
    <PageShell large={large}>
      <View className='thanks'>
        <PageToolbar large={large} onToggleLarge={toggleLarge} home={false} />
        {outcome.kind === 'sent' ? <Sent saved={outcome.saved} onChange={(saved) => setOutcome({ kind: 'sent', saved })} /> : null}
        {outcome.kind === 'pending' ? <Pending pending={outcome.pending} /> : null}
        {outcome.kind === 'duplicate' ? <Duplicate ratingId={outcome.ratingId} /> : null}
        {outcome.kind === 'dropped' ? <StatusMessage tone='error' title='评价未能提交' text={outcome.message} /> : null}
        {outcome.kind === 'unknown' ? <StatusMessage tone='info' title='正在返回首页…' /> : null}
        <NextSteps />
      </View>
    </PageShell>
  );
}

function Sent({ saved, onChange }: { saved: SavedReceipt; onChange: (saved: SavedReceipt) => void }) {
  const { receipt, place } = saved;
  const bad = isBadRating(receipt.level);
  const deadlines = deadlineText(receipt, saved.callbackExpected === true);
  return (
    <>
      <StatusMessage
        tone='success'
        title='感谢您的评价'
        text={bad ? '我们已收到您的意见，将尽快核实处理。' : '您的评价已提交，我们会继续做好服务。'}
      />
      <RatedSummary level={receipt.level} place={place} />
      {bad && receipt.caseNo ? (
        <View className='thanks__case'>
          <Text className='thanks__case-label'>案件编号</Text>
          <Text className='thanks__case-no' userSelect>
            {receipt.caseNo}
          </Text>
          {deadlines ? <Text className='thanks__deadlines'>{deadlines}</Text> : null}
          <NoticePrompt
            accepted={saved.noticesAccepted}
            onAccepted={() => {
              const next = { ...saved, noticesAccepted: true };
              saveReceipt(next);
              onChange(next);
            }}
          />
        </View>
      ) : null}
    </>
  );
}

/**
 * The deadlines the server computed for this case. A call is promised only when a number went with the rating;
 * without one the unit verifies and replies in 我的评价.
 */
function deadlineText(receipt: SavedReceipt['receipt'], callbackExpected: boolean): string | null {
  const reply = receipt.replyDueAt ? formatDeadline(receipt.replyDueAt) : null;
  if (!callbackExpected) {
    return `您没有留下联系电话，工作人员不会电话联系您。承办单位将核实情况，并${reply ? `于 ${reply} 前` : ''}在“我的评价”中答复您。`;
  }
  return receipt.callbackDueAt && reply ? `工作人员将在 ${formatDeadline(receipt.callbackDueAt)} 前回访核实，${reply} 前答复整改结果。` : null;
}

/** What was rated: the level, and where. */
function RatedSummary({ level, place }: { level: RatingLevel; place: RatedPlace }) {
  return (
    <View className='thanks__summary'>
      <Face level={level} size='small' />
      <View className='thanks__summary-text'>
        <Text className='thanks__level'>{ratingLevelLabel(level)}</Text>
        <Text className='thanks__place'>
          {place.hall.name} {windowTitle(place.window)}
        </Text>
      </View>
    </View>
  );
}

function Pending({ pending }: { pending: PendingRating }) {
  const [trying, setTrying] = useState(false);
  const retry = useCallback(() => {
    setTrying(true);
    void flushRatingQueue().finally(() => setTrying(false));
  }, []);
  return (
    <>
      <StatusMessage
        tone='warning'
        title='已保存，联网后自动提交'
        text='当前网络不可用。您的评价已保存在手机上，恢复网络后会自动提交，无需重新评价。'
      />
      <RatedSummary level={pending.request.level} place={pending.place} />
      <AccessibleButton className='thanks__retry' hoverClass='hcp-pressed' disabled={trying || undefined} onClick={retry}>
        {trying ? '正在提交…' : '立即重试'}
      </AccessibleButton>
    </>
  );
}

function Duplicate({ ratingId }: { ratingId: string }) {
  const [rating, setRating] = useState<MyRating | null>(null);
  useEffect(() => {
    listMyRatings()
      .then((page) => setRating(page.items.find((r) => r.id === ratingId) ?? null))
      .catch(() => undefined);
  }, [ratingId]);
  return <EarlierRating rating={rating} />;
}

function NextSteps() {
  return (
    <View className='thanks__next'>
      <NavButton to='mine' className='thanks__mine'>
        查看我的评价
      </NavButton>
      <NavButton to='home' className='thanks__home'>
        返回首页
      </NavButton>
    </View>
  );
}
