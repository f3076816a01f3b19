import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { RATING_COMMENT_MAX, RATING_LEVELS, type MyCase, type RatingLevel } from '@hcp/contracts';
import { ariaChecked, keyboardOperable } from '../../components/a11y';
import Face from '../../components/Face';
import { confirmMyCase, followUpMyCase } from '../services/my-cases';
import { ApiError } from '../../services/request';

type Answered = (next: MyCase | null, message?: string) => void;

/** Sends one answer; an answer already given (CASE_ANSWER_DONE) reloads the case instead of showing an error. */
function useSend(onAnswered: Answered) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async (call: () => Promise<MyCase>) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      onAnswered(await call());
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CASE_ANSWER_DONE') onAnswered(null, error.message);
      else setProblem(error instanceof ApiError ? error.message : '提交未成功，请稍后再试');
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, setProblem, send };
}

function Comment({ value, placeholder, onChange }: { value: string; placeholder: string; onChange: (text: string) => void }) {
  return (
    <View className='answer__comment'>
      <Textarea
        className='answer__input'
        value={value}
        maxlength={RATING_COMMENT_MAX}
        placeholder={placeholder}
        placeholderClass='answer__placeholder'
        onInput={(event) => onChange(event.detail.value.slice(0, RATING_COMMENT_MAX))}
      />
      <Text className='answer__count'>
        {value.length}/{RATING_COMMENT_MAX}
      </Text>
    </View>
  );
}

function Problem({ text }: { text: string | null }) {
  return text ? (
    <View className='answer__problem' ariaRole='alert'>
      <Text>{text}</Text>
    </View>
  ) : null;
}

/**
 * 问题解决了吗？ 已解决 closes the case for good, so it is asked once more first (a slip of the finger cannot be taken
 * back); 未解决 says what will happen and asks what is still wrong (required) before sending.
 */
export function ConfirmForm({ caseId, due, onAnswered }: { caseId: string; due: string | null; onAnswered: Answered }) {
  const [unresolved, setUnresolved] = useState(false);
  const [comment, setComment] = useState('');
  const { busy, problem, setProblem, send } = useSend(onAnswered);

  const sendUnresolved = () => {
    const text = comment.trim();
    if (text === '') {
      setProblem('请写下还有哪些问题没有解决');
      return;
    }
    void send(() => confirmMyCase(caseId, { resolved: false, comment: text }));
  };

  const sendResolved = async () => {
    if (busy) return;
    const { confirm } = await Taro.showModal({
      title: '确认问题已解决？',
      content: '确认后案件将办结，不能再改为“未解决”。办结后，您还可以对处理结果追加一次评价。',
      confirmText: '确认解决',
      cancelText: '再想想',
      confirmColor: '#0052d9',
    }).catch(() => ({ confirm: false }));
    if (confirm) void send(() => confirmMyCase(caseId, { resolved: true }));
  };

  return (
    <View className='answer'>
      <Text className='answer__question'>您反映的问题解决了吗？</Text>
      {due ? <Text className='answer__lead'>{due}</Text> : null}
      {unresolved ? (
        <>
          <Text className='answer__lead'>
            提交后，承办单位将重新处理您反映的问题；已重新处理过一次仍未解决的，将转交监督部门处理。
          </Text>
          <Comment value={comment} placeholder='请写下还有哪些问题没有解决（必填）' onChange={setComment} />
          <Problem text={problem} />
          <Button className='answer__primary' hoverClass='hcp-pressed' disabled={busy || undefined} onClick={sendUnresolved}>
            {busy ? '正在提交…' : '提交：未解决'}
          </Button>
          <Button className='answer__secondary' hoverClass='hcp-pressed' onClick={() => setUnresolved(false)}>
            返回
          </Button>
        </>
      ) : (
        <>
          <Problem text={problem} />
          <View className='answer__choices'>
            <Button
              className='answer__resolved'
              hoverClass='hcp-pressed'
              disabled={busy || undefined}
              onClick={() => void sendResolved()}
            >
              {busy ? '正在提交…' : '已解决'}
            </Button>
            <Button className='answer__unresolved' hoverClass='hcp-pressed' disabled={busy || undefined} onClick={() => setUnresolved(true)}>
              未解决
            </Button>
          </View>
        </>
      )}
    </View>
  );
}

/** 追评: one more rating of how the case was handled (levels 5 to 1, a comment), after it closed. */
export function FollowUpForm({ caseId, onAnswered }: { caseId: string; onAnswered: Answered }) {
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [comment, setComment] = useState('');
  const { busy, problem, setProblem, send } = useSend(onAnswered);

  const submit = () => {
    if (level === null) {
      setProblem('请先选择您对处理结果的满意程度');
      return;
    }
    const text = comment.trim();
    void send(() => followUpMyCase(caseId, text === '' ? { level } : { level, comment: text }));
  };

  const choose = (value: RatingLevel) => {
    setLevel(value);
    setProblem(null);
  };

  return (
    <View className='answer'>
      <Text className='answer__question'>追评：您对处理结果满意吗？</Text>
      <Text className='answer__lead'>案件已办结，您可以追加一次评价，承办单位会看到。</Text>
      <View className='follow-up' ariaRole='radiogroup' ariaLabel='对处理结果的满意程度'>
        {RATING_LEVELS.map(({ level: value, label }) => {
          const chosen = value === level;
          return (
            <View
              key={value}
              className={`follow-up__level follow-up__level--${value}${chosen ? ' follow-up__level--chosen' : ''}`}
              ariaRole='radio'
              ariaLabel={label}
              aria-checked={ariaChecked(chosen)}
              onClick={() => choose(value)}
              {...keyboardOperable(() => choose(value))}
            >
              <Face level={value} size='small' />
              <Text className='follow-up__label'>{label}</Text>
            </View>
          );
        })}
      </View>
      <Comment value={comment} placeholder='还想说些什么（选填）' onChange={setComment} />
      <Problem text={problem} />
      <Button className='answer__primary' hoverClass='hcp-pressed' disabled={busy || undefined} onClick={submit}>
        {busy ? '正在提交…' : '提交追评'}
      </Button>
    </View>
  );
}
