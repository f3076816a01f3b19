import { useEffect, useRef, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import AccessibleButton from '../../components/AccessibleButton';
import Taro from '@tarojs/taro';
import type { CaseAction, CaseAssignee, CaseDetail, Unit } from '@hcp/contracts';
import { ApiError } from '../../services/request';
import { actOnCase, listAssignees, searchUnits } from '../services/cases';
import { ACTION_LABELS, ACTION_ORDER, NEXT_STEPS } from '../services/labels';
import { currentStaff, leaveIfSignedOut } from '../services/staff-api';
import { ACTION_FORMS, planDates, UNIT_QUEUE, type Draft, type FieldSpec } from './action-forms';
import { ChoiceField, TextField, type Option } from './FormFields';

interface Props {
  detail: CaseDetail;
  /** The action went through: the case as the server now has it. */
  onDone: (detail: CaseDetail, action: CaseAction) => void;
  /** 409 CASE_STATE_CONFLICT: someone acted first; the page reloads the case and says so. */
  onConflict: (message: string) => void;
}

/**
 * 办理: a large button for each action the server allows this member of staff now (the usual next step first and
 * filled), each opening its short form in place. What was typed is kept when a form is closed or refused.
 */
export default function ActionPanel({ detail, onDone, onConflict }: Props) {
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [drafts, setDrafts] = useState<Partial<Record<CaseAction, Draft>>>({});
  // `now` for the form's date choices, fixed when the form opens.
  const openedAt = useRef(Date.now());

  const actions = ACTION_ORDER.filter((a) => detail.allowedActions.includes(a));
  // Assigning, handing back, appealing or cancelling is never the obvious next step: none of them is filled.
  const primary = actions.find((a) => NEXT_STEPS.includes(a));
  // The case moved on (an action here, or someone else's): an open form for an action no longer allowed closes.
  useEffect(() => {
    if (open && !detail.allowedActions.includes(open)) setOpen(null);
  }, [detail, open]);

  if (actions.length === 0) return <Text className='actions__none'>当前没有需要您办理的操作。</Text>;

  const choose = (action: CaseAction) => {
    openedAt.current = Date.now();
    setDrafts((current) => (current[action] ? current : { ...current, [action]: ACTION_FORMS[action].initial(detail, openedAt.current) }));
    setProblem(null);
    setOpen(action);
  };

  if (!open) {
    return (
      <View className='actions'>
        {actions.map((action) => (
          <AccessibleButton
            key={action}
            className={`actions__button actions__button--${action}${action === primary ? ' actions__button--primary' : ''}`}
            hoverClass='hcp-pressed'
            onClick={() => choose(action)}
          >
            {ACTION_LABELS[action]}
          </AccessibleButton>
        ))}
      </View>
    );
  }

  const form = ACTION_FORMS[open];
  const draft = drafts[open] ?? {};
  const set = (name: string, value: string) => {
    setDrafts((current) => ({ ...current, [open]: { ...current[open], [name]: value } }));
    setProblem(null);
  };

  const submit = async () => {
    if (busy) return;
    const built = form.build(draft);
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    if (form.confirm) {
      const answer = await Taro.showModal({ title: ACTION_LABELS[open], content: form.confirm, confirmText: '确定', cancelText: '再想想', confirmColor: '#b42318' });
      if (!answer.confirm) return;
    }
    setBusy(true);
    try {
      const next = await actOnCase(detail.id, open, built.body);
      setDrafts((current) => ({ ...current, [open]: undefined }));
      setOpen(null);
      onDone(next, open);
    } catch (error) {
      if (leaveIfSignedOut(error)) return;
      if (error instanceof ApiError && error.code === 'CASE_STATE_CONFLICT') {
        setOpen(null);
        onConflict(error.message);
      } else {
        setProblem(error instanceof ApiError ? error.message : '提交未成功，请稍后再试');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={`action-form action-form--${open}`}>
      <Text className='action-form__title'>{ACTION_LABELS[open]}</Text>
      {form.fields.map((field) =>
        field.kind === 'choice' && field.shownWhen && !field.shownWhen(draft) ? null : (
          <Field key={field.name} field={field} detail={detail} draft={draft} now={openedAt.current} onChange={set} />
        ),
      )}
      {problem ? (
        <View className='action-form__problem' ariaRole='alert'>
          <Text>{problem}</Text>
        </View>
      ) : null}
      <AccessibleButton className='action-form__submit' hoverClass='hcp-pressed' disabled={busy || undefined} onClick={() => void submit()}>
        {busy ? '正在提交…' : `提交${ACTION_LABELS[open]}`}
      </AccessibleButton>
      <AccessibleButton className='action-form__cancel' hoverClass='hcp-pressed' onClick={() => setOpen(null)}>
        取消
      </AccessibleButton>
    </View>
  );
}

function Field({ field, detail, draft, now, onChange }: { field: FieldSpec; detail: CaseDetail; draft: Draft; now: number; onChange: (name: string, value: string) => void }) {
  const value = draft[field.name] ?? '';
  const change = (next: string) => onChange(field.name, next);
  switch (field.kind) {
    case 'text':
      return <TextField name={field.name} label={field.label} value={value} placeholder={field.placeholder} max={field.max} onChange={change} />;
    case 'choice':
      return <ChoiceField name={field.name} label={field.label} options={field.options} value={value} onChange={change} />;
    case 'date':
      return <ChoiceField name={field.name} label={field.label} options={planDates(detail, now)} value={value} onChange={change} />;
    case 'staff':
      return <HandlerChoice label={field.label} detail={detail} value={value} onChange={change} />;
    case 'unit':
      return <UnitChoice label={field.label} detail={detail} value={value} onChange={change} />;
  }
}

/** 指派: the unit's handlers (the signed-in member of staff first, as 我), or back to the unit's queue. */
function HandlerChoice({ label, detail, value, onChange }: { label: string; detail: CaseDetail; value: string; onChange: (value: string) => void }) {
  const [handlers, setHandlers] = useState<CaseAssignee[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    listAssignees(detail.id).then(setHandlers, (error: unknown) => {
      if (!leaveIfSignedOut(error)) setFailed(error instanceof ApiError ? error.message : '处理人加载失败');
    });
  }, [detail.id]);
  if (failed) return <Text className='action-form__note'>{failed}</Text>;
  if (!handlers) return <Text className='action-form__note'>正在加载处理人…</Text>;
  const me = currentStaff()?.id;
  const sorted = [...handlers].sort((a, b) => Number(b.id === me) - Number(a.id === me));
  const options: Option[] = sorted.map((s) => ({
    value: s.id,
    label: `${s.id === me ? `我（${s.name}）` : `${s.name}（${s.staffNumber}）`}${detail.assignee?.id === s.id ? ' · 当前' : ''}`,
  }));
  if (detail.assignee) options.push({ value: UNIT_QUEUE, label: '不指派，放回单位待办' });
  return <ChoiceField name='staffId' label={label} options={options} value={value} onChange={onChange} />;
}

/** 改派单位: the supervisor's region's units, searched by name; the case's own unit is not offered. */
function UnitChoice({ label, detail, value, onChange }: { label: string; detail: CaseDetail; value: string; onChange: (value: string) => void }) {
  const [q, setQ] = useState('');
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const search = (text: string) => {
    setFailed(null);
    searchUnits(text).then(setUnits, (error: unknown) => {
      if (!leaveIfSignedOut(error)) setFailed(error instanceof ApiError ? error.message : '单位加载失败');
    });
  };
  useEffect(() => search(''), []);
  const options = (units ?? []).filter((u) => u.id !== detail.unit.id).map((u) => ({ value: u.id, label: u.name }));
  return (
    <View className='unit-choice'>
      <View className='unit-choice__search'>
        <Input
          className='unit-choice__input'
          value={q}
          placeholder='输入单位名称查找'
          placeholderClass='form-field__placeholder'
          confirmType='search'
          onInput={(event) => setQ(event.detail.value)}
          onConfirm={() => search(q)}
        />
        <AccessibleButton className='unit-choice__go' hoverClass='hcp-pressed' onClick={() => search(q)}>
          查找
        </AccessibleButton>
      </View>
      {failed ? <Text className='action-form__note'>{failed}</Text> : null}
      {units && options.length === 0 ? <Text className='action-form__note'>没有找到其他单位</Text> : null}
      {options.length > 0 ? <ChoiceField name='unitId' label={label} options={options} value={value} onChange={onChange} /> : null}
    </View>
  );
}
