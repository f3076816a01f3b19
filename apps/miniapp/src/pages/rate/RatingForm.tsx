import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { LEVEL_MISSING_MESSAGE, isBadRating, tagsForLevel, type CreateRatingRequest, type RatingLevel, type ScanResult } from '@hcp/contracts';
import { phoneNumberMode, requestSubscribe, type SubscribeDecision } from '../../platform';
import { signIn } from '../../services/citizen';
import { enqueueRating } from '../../services/rating-queue';
import { createRating, exchangePhoneCode } from '../../services/ratings';
import { leftNumber, saveReceipt } from '../../services/receipts';
import { acceptedTemplateIds, recordCitizenSubscriptions } from '../../services/subscriptions';
import { ApiError } from '../../services/request';
import { getToken } from '../../services/session';
import { uuidV4 } from '../../services/uuid';
import CommentField from './CommentField';
import ContactField, { MOBILE_NUMBER, normalizePhone, type WechatPhone } from './ContactField';
import LevelChoices from './LevelChoices';
import ServiceItemChoice from './ServiceItemChoice';
import TagChips from './TagChips';
import { useEndsBelow } from './useEndsBelow';

export interface RatingFormProps {
  scan: ScanResult;
  /** WeChat subscribe templates for case notices (empty: nothing to ask). */
  templateIds: string[];
  /** The window's code stopped working while the citizen was rating (SCAN_UNKNOWN, WINDOW_INACTIVE). */
  onWindowGone: (error: ApiError) => void;
  /** The server's tag table moved on: reload the window, whose answer carries the current table. */
  onTagsOutdated: () => void;
  /** The citizen has just been signed in (by the first tap on a level): the page may now know their ratings. */
  onSignedIn: () => void;
  /** 大字模式 is on (the layout, and so what fits on the screen, changes with it). */
  large: boolean;
  /** A level the citizen chose before the app had loaded (on the page's first screen, drawn by the server). */
  initialLevel?: RatingLevel | null;
}

type Outcome = { ok: true; receipt: Awaited<ReturnType<typeof createRating>> } | { ok: false; error: unknown };

/**
 * Level, then optionally tags, a comment, the service item and (for a 差评) a phone number; then submit.
 * Three taps suffice: a level, a tag, 提交评价.
 */
export default function RatingForm({ scan, templateIds, onWindowGone, onTagsOutdated, onSignedIn, large, initialLevel = null }: RatingFormProps) {
  const [level, setLevel] = useState<RatingLevel | null>(initialLevel);
  const [tagCodes, setTagCodes] = useState<number[]>([]);
  const [comment, setComment] = useState('');
  const [serviceItemCode, setServiceItemCode] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const [wechatPhone, setWechatPhone] = useState<WechatPhone | null>(null);
  const [exchanging, setExchanging] = useState(false);
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // A retry of the very same rating keeps its clientId, so an answer lost on the way cannot make a second rating.
  const lastAttempt = useRef<{ fingerprint: string; clientId: string } | null>(null);
  const mode = phoneNumberMode();
  const bad = level !== null && isBadRating(level);
  // The last level, 非常不满意, hidden under the submit bar: say that more choices follow.
  const moreBelow = useEndsBelow('.level-choice--1', '.rate-form__footer', `${large}:${level}:${formError ?? ''}`);

  // The citizen means to rate: sign in now, so the submit tap waits for one request, not two.
  const signInEarly = () => {
    if (!getToken()) signIn().then(onSignedIn, () => undefined);
  };

  const chooseLevel = (next: RatingLevel) => {
    if (next !== level) {
      setLevel(next);
      setTagCodes([]);
    }
    setFormError(null);
    signInEarly();
  };

  // A level chosen on the first screen counts as the tap it was.
  useEffect(() => {
    if (initialLevel !== null) signInEarly();
    // Once, for the level the form was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** The getPhoneNumber code is exchanged at once; a number that cannot be had leaves the rating without one. */
  const receivePhoneCode = async (code: string) => {
    setExchanging(true);
    setPhoneError(null);
    try {
      const { phoneToken, maskedPhone } = await exchangePhoneCode(code);
      setWechatPhone({ token: phoneToken, masked: maskedPhone });
    } catch (error) {
      setPhoneError(phoneExchangeProblem(error));
    } finally {
      setExchanging(false);
    }
  };

  const submit = () => {
    if (submitting || exchanging) return;
    if (level === null) {
      setFormError(LEVEL_MISSING_MESSAGE);
      return;
    }
    const typedPhone = bad && mode === 'typed' ? normalizePhone(phone) : '';
    if (typedPhone !== '' && !MOBILE_NUMBER.test(typedPhone)) {
      // One message, beside the field, and the field brought into view above the submit bar.
      setPhoneError('手机号码格式不正确，请输入11位手机号码，或清空后提交');
      setFormError(null);
      void Taro.pageScrollTo({ selector: '.contact', offsetTop: -16, duration: 200 }).catch(() => undefined);
      return;
    }
    // WeChat shows the subscribe prompt only when it is asked synchronously inside a tap: ask before any await.
    const asking: Promise<Record<string, SubscribeDecision>> =
      bad && templateIds.length > 0 ? requestSubscribe(templateIds) : Promise.resolve({});

    const fields: Omit<CreateRatingRequest, 'clientId'> = {
      scene: scan.scene,
      level,
      tagCodes: [...tagCodes].sort((a, b) => a - b),
    };
    const text = comment.trim();
    if (text !== '') fields.comment = text;
    if (serviceItemCode) fields.serviceItemCode = serviceItemCode;
    if (typedPhone !== '') fields.contactPhone = typedPhone;
    // Never a raw getPhoneNumber code: it would be dead by the time a queued rating is sent.
    if (bad && mode === 'wechat-button' && wechatPhone) fields.phoneToken = wechatPhone.token;

    const fingerprint = JSON.stringify(fields);
    const clientId = lastAttempt.current?.fingerprint === fingerprint ? lastAttempt.current.clientId : uuidV4();
    lastAttempt.current = { fingerprint, clientId };
    void send({ clientId, ...fields }, new Date().toISOString(), asking);
  };

  const send = async (body: CreateRatingRequest, tappedAt: string, asking: Promise<Record<string, SubscribeDecision>>) => {
    setSubmitting(true);
    setFormError(null);
    const sending: Promise<Outcome> = createRating(body).then(
      (receipt) => ({ ok: true, receipt }),
      (error: unknown) => ({ ok: false, error }),
    );
    const [outcome, decisions] = await Promise.all([sending, asking]);
    const accepted = acceptedTemplateIds(decisions);
    const noticesAccepted = accepted.length > 0;
    // Told to the server now, or kept on the phone until it can be (the server sends only what it was told of).
    void recordCitizenSubscriptions(accepted);
    const place = { window: scan.window, hall: scan.hall, unit: scan.unit };
    const thanks = `/pages/thanks/index?clientId=${body.clientId}`;

    if (outcome.ok) {
      saveReceipt({ clientId: body.clientId, receipt: outcome.receipt, place, noticesAccepted, callbackExpected: outcome.receipt.callbackExpected ?? leftNumber(body) });
      await Taro.redirectTo({ url: thanks });
      return;
    }
    const { error } = outcome;
    // No answer, a server that could not serve (its database down, say), or no sign-in to be had just now (too many new
    // browsers on this network): the rating itself was not judged, so the phone keeps it and sends it later, as the
    // queue does (rating-queue.ts, mustKeep).
    if (error instanceof ApiError && (error.isUnreachable || error.status >= 500 || error.code === 'AUTH_SIGNUP_THROTTLED')) {
      try {
        enqueueRating({
          request: { ...body, ratedAt: tappedAt },
          place,
          tagLabels: tagsForLevel(body.level, scan.tagTable)
            .filter((t) => body.tagCodes.includes(t.code))
            .map((t) => t.label),
          serviceItemName: scan.serviceItems.find((s) => s.code === body.serviceItemCode)?.name,
          noticesAccepted,
        });
      } catch {
        setSubmitting(false);
        setFormError('暂时无法提交，且手机存储空间不足，评价未能保存。请稍后重新提交');
        return;
      }
      await Taro.redirectTo({ url: thanks });
      return;
    }
    setSubmitting(false);
    if (!(error instanceof ApiError)) {
      setFormError('提交未成功，请稍后再试');
      return;
    }
    if (error.code === 'RATING_DUPLICATE' && typeof error.body.existingRatingId === 'string') {
      await Taro.redirectTo({ url: `/pages/thanks/index?duplicate=${encodeURIComponent(error.body.existingRatingId)}` });
      return;
    }
    if (error.code === 'SCAN_UNKNOWN' || error.code === 'WINDOW_INACTIVE') {
      onWindowGone(error);
      return;
    }
    if (error.code === 'RATING_TAG_INVALID') {
      setTagCodes([]);
      onTagsOutdated();
    }
    if (error.code === 'RATING_CLIENT_ID_REUSED') lastAttempt.current = null;
    setFormError(error.message);
  };

  return (
    <View className='rate-form'>
      <Text className='rate-form__question'>您对本次服务满意吗？</Text>
      <LevelChoices value={level} onChange={chooseLevel} />

      {level !== null ? (
        <View className='rate-form__details'>
          <Text className='rate-form__heading'>具体情况（可多选，选填）</Text>
          <TagChips tags={tagsForLevel(level, scan.tagTable)} value={tagCodes} onChange={setTagCodes} />

          {scan.serviceItems.length > 0 ? (
            <>
              <Text className='rate-form__heading'>办理的事项（选填）</Text>
              <ServiceItemChoice items={scan.serviceItems} value={serviceItemCode} onChange={setServiceItemCode} />
            </>
          ) : null}

          <Text className='rate-form__heading'>意见建议（选填）</Text>
          <CommentField value={comment} onChange={setComment} />

          {bad ? (
            <>
              <Text className='rate-form__heading'>回访电话（选填）</Text>
              <ContactField
                mode={mode}
                phone={phone}
                onPhone={(value) => {
                  setPhone(value);
                  setPhoneError(null);
                }}
                error={phoneError}
                wechatPhone={wechatPhone}
                exchanging={exchanging}
                onPhoneCode={(code) => void receivePhoneCode(code)}
                onClearWechatPhone={() => setWechatPhone(null)}
              />
            </>
          ) : null}
        </View>
      ) : null}

      <View className='rate-form__footer'>
        {moreBelow ? (
          <Button
            className='rate-form__more'
            hoverClass='hcp-pressed'
            onClick={() => void Taro.pageScrollTo({ selector: '.rate-form__question', offsetTop: -8, duration: 300 }).catch(() => undefined)}
          >
            还有更多选项，请向下滑动
            <View className='rate-form__more-arrow' />
          </Button>
        ) : null}
        {formError ? <Text className='rate-form__error'>{formError}</Text> : null}
        <Button className='rate-submit' hoverClass='hcp-pressed' disabled={submitting || exchanging || undefined} onClick={submit}>
          {submitting ? '正在提交…' : '提交评价'}
        </Button>
      </View>
    </View>
  );
}

/** What the citizen reads when WeChat's number could not be had: the server's own words say so already. */
function phoneExchangeProblem(error: unknown): string {
  if (error instanceof ApiError && error.code.startsWith('RATING_PHONE_')) return error.message;
  const why = error instanceof ApiError ? error.message : '获取手机号失败';
  return `${why}。您可以稍后重试，也可以不留手机号直接提交`;
}
