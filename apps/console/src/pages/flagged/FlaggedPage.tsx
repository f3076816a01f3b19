import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ratingLevelLabel, type FlaggedRating, type FlagReviewRequest, type FlagReviewState, type Paged } from '@hcp/contracts';
import { api, errorText } from '../../api/client';
import { dateTime } from '../../lib/format';

const STATES: { value: FlagReviewState; label: string }[] = [
  { value: 'pending', label: '待核实' },
  { value: 'cleared', label: '已恢复计入' },
  { value: 'confirmed', label: '已确认异常' },
];

/**
 * Ratings the fraud and content signals flagged: left out of every figure until a supervisor clears them (they count
 * again) or confirms them (they stay out). The signals are shown in words, so the decision can be explained.
 */
export function FlaggedPage() {
  const [state, setState] = useState<FlagReviewState>('pending');
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState<{ rating: FlaggedRating; decision: FlagReviewRequest['decision'] } | null>(null);
  const list = useQuery({
    queryKey: ['flagged', state, page],
    queryFn: () => api<Paged<FlaggedRating>>('/ratings/flagged', { query: { state, page, pageSize: 20 } }),
  });
  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>异常评价</Typography.Title>
        <Segmented<FlagReviewState> aria-label="核实状态" options={STATES} value={state} onChange={(s) => (setState(s), setPage(1))} />
      </div>
      <Typography.Paragraph className="muted">
        以下评价被系统识别为疑似刷评或内容异常，核实前不计入任何统计。“恢复计入”后重新计入统计；“确认异常”后将一直不计入。
      </Typography.Paragraph>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Table<FlaggedRating>
        rowKey="id"
        className="flagged-table"
        scroll={{ x: 'max-content' }}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: state === 'pending' ? '没有待核实的异常评价' : '没有记录' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '评价时间', dataIndex: 'ratedAt', render: (v: string) => dateTime(v), width: 150 },
          { title: '评价', dataIndex: 'level', render: (l: FlaggedRating['level']) => ratingLevelLabel(l), width: 100 },
          { title: '窗口', key: 'window', render: (_: unknown, r) => `${r.hall.name} ${r.window.number}号 ${r.window.name}` },
          { title: '当班人员', key: 'staff', render: (_: unknown, r) => (r.staff ? `${r.staff.name}（${r.staff.staffNumber}）` : '—') },
          { title: '异常原因', key: 'signals', render: (_: unknown, r) => r.signals.map((s) => <Tag key={s.code}>{s.label}</Tag>) },
          { title: '评价内容', dataIndex: 'comment', render: (v: string | null) => v ?? '—' },
          {
            title: state === 'pending' ? '操作' : '核实情况',
            key: 'actions',
            width: 190,
            render: (_: unknown, r) =>
              r.state === 'pending' ? (
                <Space>
                  <Button size="small" onClick={() => setDeciding({ rating: r, decision: 'clear' })}>
                    恢复计入
                  </Button>
                  <Button size="small" danger onClick={() => setDeciding({ rating: r, decision: 'confirm' })}>
                    确认异常
                  </Button>
                </Space>
              ) : (
                <span className="muted">
                  {r.review ? `${r.review.by} ${dateTime(r.review.at)}` : '—'}
                  {r.review?.note && `：${r.review.note}`}
                </span>
              ),
          },
        ]}
      />
      {deciding && <DecisionModal {...deciding} onDone={() => setDeciding(null)} />}
    </>
  );
}

function DecisionModal({ rating, decision, onDone }: { rating: FlaggedRating; decision: FlagReviewRequest['decision']; onDone: () => void }) {
  const [note, setNote] = useState('');
  const client = useQueryClient();
  const { message } = App.useApp();
  const review = useMutation({
    mutationFn: () => api<FlaggedRating>(`/ratings/flagged/${rating.id}`, { method: 'POST', body: { decision, ...(note.trim() ? { note: note.trim() } : {}) } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['flagged'] });
      void client.invalidateQueries({ queryKey: ['stats'] });
    },
  });
  const label = decision === 'clear' ? '恢复计入' : '确认异常';
  const submit = async () => {
    try {
      await review.mutateAsync();
      message.success(`已${label}`);
      onDone();
    } catch (e) {
      message.error(errorText(e));
      // Someone else decided first: the list shows how.
      void client.invalidateQueries({ queryKey: ['flagged'] });
    }
  };
  return (
    <Modal open title={label} okText={label} okButtonProps={{ danger: decision === 'confirm' }} onOk={() => void submit()} onCancel={onDone} confirmLoading={review.isPending}>
      <p>
        {rating.window.number}号窗口 {rating.window.name}，{dateTime(rating.ratedAt)} 的“{ratingLevelLabel(rating.level)}”评价。
      </p>
      <label htmlFor="flag-note">核实说明（可不填）</label>
      <Input.TextArea id="flag-note" rows={3} maxLength={200} showCount value={note} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}
