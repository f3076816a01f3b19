import { APPEAL_KIND_LABELS, CALLBACK_CONTACT_LABELS, CASE_VERIFICATION_LABELS, type CaseAction } from '@hcp/contracts';

/** One field of an action's form; the body sent is the form's values (docs/cases.md, "States and actions"). */
export interface ActionField {
  name: string;
  label: string;
  kind: 'text' | 'select' | 'date' | 'assignee' | 'unit';
  options?: { value: string; label: string }[];
  required?: boolean;
}

export interface ActionSpec {
  label: string;
  /** Buttons that end or overrule the unit's work are shown as such. */
  danger?: boolean;
  fields: ActionField[];
}

const text = (name: string, label: string): ActionField => ({ name, label, kind: 'text', required: true });
/** A select's options from a contracts label table, in its order. */
const choices = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export const CASE_ACTIONS: Record<CaseAction, ActionSpec> = {
  callback: {
    label: '回访核实',
    fields: [
      { name: 'contact', label: '联系情况', kind: 'select', required: true, options: choices(CALLBACK_CONTACT_LABELS) },
      {
        name: 'verification',
        label: '核实结果',
        kind: 'select',
        options: choices(CASE_VERIFICATION_LABELS),
      },
      text('note', '回访记录'),
    ],
  },
  plan: { label: '制定整改计划', fields: [text('plan', '整改计划'), { name: 'dueDate', label: '计划完成日期', kind: 'date', required: true }] },
  reply: { label: '答复群众', fields: [text('reply', '答复内容（群众可见）'), text('result', '整改结果')] },
  appeal: {
    label: '申诉',
    fields: [
      { name: 'kind', label: '申诉类型', kind: 'select', required: true, options: choices(APPEAL_KIND_LABELS) },
      text('evidence', '申诉理由与证据'),
    ],
  },
  transfer: { label: '退回改派', fields: [text('reason', '退回理由')] },
  assign: { label: '指派处理人', fields: [{ name: 'staffId', label: '处理人', kind: 'assignee' }] },
  rule: {
    label: '督办裁定',
    fields: [
      { name: 'decision', label: '裁定', kind: 'select', required: true, options: [{ value: 'close', label: '办结' }, { value: 'send_back', label: '退回单位重新处理' }] },
      text('ruling', '裁定意见'),
    ],
  },
  'appeal-ruling': {
    label: '申诉裁定',
    fields: [
      { name: 'decision', label: '裁定', kind: 'select', required: true, options: [{ value: 'uphold', label: '申诉成立（该评价作废）' }, { value: 'reject', label: '驳回申诉' }] },
      text('ruling', '裁定意见'),
    ],
  },
  route: { label: '改派单位', fields: [{ name: 'unitId', label: '改派至', kind: 'unit', required: true }, text('reason', '改派理由')] },
  cancel: { label: '撤销工单', danger: true, fields: [text('reason', '撤销理由')] },
};
