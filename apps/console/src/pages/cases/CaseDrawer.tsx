import { useState } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Select, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import {
  APPEAL_KIND_LABELS,
  CALLBACK_CONTACT_LABELS,
  CASE_CLOSE_KIND_LABELS,
  CASE_STATE_LABELS,
  CASE_TEXT_MAX,
  CASE_VERIFICATION_LABELS,
  findTag,
  ratingLevelLabel,
  type CaseAction,
  type CaseDetail,
} from '@hcp/contracts';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../api/client';
import { useAssignees, useCase, useCaseAction } from '../../api/cases';
import { RemoteSelect } from '../../components/RemoteSelect';
import { dateTime } from '../../lib/format';
import { CASE_ACTIONS } from './caseActions';

const DEADLINE_KIND = { callback: '回访', reply: '答复', confirm: '群众确认' } as const;

/** One case: the rating, the unit's steps so far, the timeline, and the buttons the server says the caller may use. */
export function CaseDrawer({ caseId, onClose }: { caseId: string | null; onClose: () => void }) {
  const detail = useCase(caseId);
  const [action, setAction] = useState<CaseAction | null>(null);
  const c = detail.data;
  return (
    <Drawer
      open={!!caseId}
      onClose={onClose}
      size={720}
      title={c ? `工单 ${c.caseNo}` : '工单'}
      className="case-drawer"
      extra={
        c && (
          <Space wrap>
            {c.allowedActions.map((a) => (
              <Button key={a} danger={CASE_ACTIONS[a].danger} onClick={() => setAction(a)} className={`case-action case-action--${a}`}>
                {CASE_ACTIONS[a].label}
              </Button>
            ))}
          </Space>
        )
      }
    >
      {detail.isError && <Alert type="error" showIcon title={errorText(detail.error)} />}
      {c ? <CaseBody c={c} /> : detail.isPending && caseId && <Skeleton active />}
      {c && action && <ActionModal c={c} action={action} onDone={() => setAction(null)} />}
    </Drawer>
  );
}

function CaseBody({ c }: { c: CaseDetail }) {
  const rating = c.rating;
  const tags = rating ? rating.tagCodes.map((code) => findTag(code, rating.tagVersion)?.label ?? String(code)) : [];
  return (
    <>
      <Space className="section" wrap>
        <Tag color={c.state === 'closed' || c.state === 'cancelled' ? 'default' : 'blue'} className="case-state">
          {CASE_STATE_LABELS[c.state]}
        </Tag>
        {c.overdue && <Tag color="red">已逾期</Tag>}
        {rating?.invalid && <Tag>评价已作废</Tag>}
        {c.source === 'open311' && <Tag>Open311 诉求</Tag>}
        {c.closeKind && <Tag>{CASE_CLOSE_KIND_LABELS[c.closeKind]}</Tag>}
      </Space>
      <Descriptions size="small" column={2} bordered className="section">
        {rating && (
          <>
            <Descriptions.Item label="评价">{ratingLevelLabel(rating.level)}</Descriptions.Item>
            <Descriptions.Item label="评价时间">{dateTime(rating.ratedAt)}</Descriptions.Item>
          </>
        )}
        <Descriptions.Item label="责任单位">{c.unit.name}</Descriptions.Item>
        {c.window && (
          <Descriptions.Item label="窗口">
            {c.window.hallName} {c.window.number}号窗口 {c.window.name}
          </Descriptions.Item>
        )}
        {rating && (
          <Descriptions.Item label="当班人员">{rating.staffOnDuty ? `${rating.staffOnDuty.name}（${rating.staffOnDuty.staffNumber}）` : '—'}</Descriptions.Item>
        )}
        <Descriptions.Item label="服务事项">{(rating ? rating.serviceItem?.name : c.request?.serviceItem.name) ?? '—'}</Descriptions.Item>
        {c.request && (
          <>
            <Descriptions.Item label="提交人">{c.request.reporterName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="电子邮箱">{c.request.emailMasked ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="地址" span={2}>
              {c.request.address ?? (c.request.lat !== null && c.request.long !== null ? `${c.request.lat}, ${c.request.long}` : '—')}
            </Descriptions.Item>
          </>
        )}
        <Descriptions.Item label="处理人">{c.assignee?.name ?? '单位待领取'}</Descriptions.Item>
        <Descriptions.Item label="联系电话">{c.contactMasked ?? '未留电话'}</Descriptions.Item>
        <Descriptions.Item label="回访期限">
          {dateTime(c.deadlines.callbackDueAt)}
          {c.deadlines.callbackOverdue && <Tag color="red">逾期</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="答复期限">
          {dateTime(c.deadlines.replyDueAt)}
          {c.deadlines.replyOverdue && <Tag color="red">逾期</Tag>}
        </Descriptions.Item>
        {c.nextDeadline && (
          <Descriptions.Item label="当前等待" span={2}>
            {DEADLINE_KIND[c.nextDeadline.kind]}，期限 {dateTime(c.nextDeadline.at)}
          </Descriptions.Item>
        )}
        {rating && (
          <>
            <Descriptions.Item label="评价标签" span={2}>
              {tags.length ? tags.map((t) => <Tag key={t}>{t}</Tag>) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="评价内容" span={2}>
              {rating.comment ?? '—'}
            </Descriptions.Item>
          </>
        )}
        {c.request && (
          <Descriptions.Item label="诉求内容" span={2}>
            {c.request.description}
          </Descriptions.Item>
        )}
        {c.callback && (
          <Descriptions.Item label="回访核实" span={2}>
            {CALLBACK_CONTACT_LABELS[c.callback.contact]}
            {c.callback.verification && `，${CASE_VERIFICATION_LABELS[c.callback.verification]}`}
            {c.callback.note && `：${c.callback.note}`}
          </Descriptions.Item>
        )}
        {c.plan && (
          <Descriptions.Item label="整改计划" span={2}>
            {c.plan.plan}（计划 {c.plan.dueDate} 完成）
          </Descriptions.Item>
        )}
        {c.reply && (
          <Descriptions.Item label="答复" span={2}>
            {c.reply.reply}
            <br />
            <span className="muted">整改结果：{c.reply.result}</span>
          </Descriptions.Item>
        )}
        {c.citizenAnswer && (
          <Descriptions.Item label="群众意见" span={2}>
            {c.citizenAnswer.resolved ? '已解决' : '未解决'}
            {c.citizenAnswer.comment && `：${c.citizenAnswer.comment}`}
          </Descriptions.Item>
        )}
        {c.appeal && (
          <Descriptions.Item label="申诉" span={2}>
            {APPEAL_KIND_LABELS[c.appeal.kind]}：{c.appeal.evidence}
            <br />
            <span className="muted">
              {c.appeal.state === 'pending' ? '待裁定' : c.appeal.state === 'upheld' ? '申诉成立' : '已驳回'}
              {c.appeal.ruling && `，${c.appeal.ruling}`}
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        处理记录
      </Typography.Title>
      <Timeline
        items={[...c.timeline].reverse().map((e) => ({
          key: `${e.at}-${e.action}`,
          content: (
            <>
              <div>
                {dateTime(e.at)} · {e.actor.kind === 'system' ? '系统' : e.actor.kind === 'citizen' ? '群众' : (e.actor.name ?? '工作人员')}
                {e.toState && e.toState !== e.fromState && ` · ${CASE_STATE_LABELS[e.toState]}`}
              </div>
              {e.note && <div className="timeline-note muted">{e.note}</div>}
            </>
          ),
        }))}
      />
    </>
  );
}

/** The form of one action; the server checks state and permission again and answers the case as it is afterwards. */
function ActionModal({ c, action, onDone }: { c: CaseDetail; action: CaseAction; onDone: () => void }) {
  const spec = CASE_ACTIONS[action];
  const [form] = Form.useForm();
  const run = useCaseAction(c.id);
  const { message } = App.useApp();
  const assignees = useAssignees(c.id, action === 'assign');
  const submit = async () => {
    const values = (await form.validateFields()) as Record<string, unknown>;
    const body: Record<string, unknown> = {};
    for (const field of spec.fields) {
      const v = values[field.name];
      if (field.kind === 'date') body[field.name] = (v as Dayjs).format('YYYY-MM-DD');
      else if (field.kind === 'assignee') body[field.name] = v ?? null;
      else if (v !== undefined && v !== null && v !== '') body[field.name] = typeof v === 'string' ? v.trim() : v;
    }
    try {
      await run.mutateAsync({ action, body });
      message.success(`${spec.label}已完成`);
      onDone();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={`${spec.label} · ${c.caseNo}`} okText="提交" onOk={() => void submit()} onCancel={onDone} confirmLoading={run.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" className="action-form">
        {spec.fields.map((field) => (
          <Form.Item
            key={field.name}
            name={field.name}
            label={field.label}
            rules={field.required ? [{ required: true, whitespace: field.kind === 'text', message: `请填写${field.label}` }] : []}
          >
            {field.kind === 'text' ? (
              <Input.TextArea rows={3} maxLength={CASE_TEXT_MAX} showCount />
            ) : field.kind === 'select' ? (
              <Select options={field.options} placeholder="请选择" />
            ) : field.kind === 'date' ? (
              <DatePicker style={{ width: '100%' }} />
            ) : field.kind === 'assignee' ? (
              <Select
                allowClear
                loading={assignees.isPending}
                placeholder="不选则退回单位待领取"
                options={(assignees.data ?? []).map((a) => ({ value: a.id, label: `${a.name}（${a.staffNumber}）` }))}
              />
            ) : (
              <RemoteSelect of="units" />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
