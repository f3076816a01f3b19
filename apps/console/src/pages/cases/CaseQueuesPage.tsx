import { Alert, Button, Input, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import type { CaseListQuery } from '@hcp/contracts';
import { errorText } from '../../api/client';
import { useCaseList } from '../../api/cases';
import { CaseDrawer } from './CaseDrawer';
import { CaseTable } from './CaseTable';

/** The queues a supervisor works through: each a filter of `GET /cases` (docs/cases.md). */
const QUEUES: { key: string; label: string; query: CaseListQuery }[] = [
  { key: 'overdue', label: '逾期工单', query: { overdue: true } },
  { key: 'appeals', label: '申诉待裁定', query: { state: 'appealing' } },
  { key: 'escalated', label: '二次未解决', query: { state: 'escalated' } },
  { key: 'rerouting', label: '待改派', query: { state: 'rerouting' } },
  { key: 'all', label: '全部工单', query: {} },
];

const PAGE_SIZE = 20;

export function CaseQueuesPage() {
  const [params, setParams] = useSearchParams();
  const queue = QUEUES.find((q) => q.key === params.get('queue')) ?? QUEUES[0];
  const page = Number(params.get('page') ?? '1') || 1;
  const q = params.get('q') ?? '';
  const openId = params.get('case');
  const query: CaseListQuery = {
    ...queue.query,
    q: q || undefined,
    unitId: params.get('unitId') ?? undefined,
    windowId: params.get('windowId') ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useCaseList(query);
  const update = (changes: Record<string, string | null>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(k);
        else next.set(k, v);
      }
      return next;
    });

  return (
    <>
      <div className="page-head">
        <Typography.Title level={1}>工单督办</Typography.Title>
        <Input.Search
          aria-label="按工单号搜索"
          placeholder="输入工单号"
          allowClear
          defaultValue={q}
          onSearch={(v) => update({ q: v.trim(), page: null })}
          style={{ width: 260 }}
        />
      </div>
      {(params.get('windowId') || params.get('unitId')) && (
        <Alert
          className="section"
          type="info"
          showIcon
          title="正在查看某一单位或窗口的工单"
          action={
            <Button type="link" size="small" onClick={() => update({ windowId: null, unitId: null, page: null })}>
              查看全部
            </Button>
          }
        />
      )}
      {list.data?.warnings.map((w) => <Alert key={w} className="section" type="warning" showIcon title={w} />)}
      <Tabs
        activeKey={queue.key}
        onChange={(key) => update({ queue: key, page: null })}
        items={QUEUES.map((item) => ({ key: item.key, label: item.label }))}
      />
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <CaseTable
        items={list.data?.items ?? []}
        loading={list.isPending}
        onOpen={(id) => update({ case: id })}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: (p) => update({ page: String(p) }) }}
      />
      <CaseDrawer caseId={openId} onClose={() => update({ case: null })} />
    </>
  );
}
