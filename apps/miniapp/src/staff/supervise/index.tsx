import { useState } from 'react';
import { View } from '@tarojs/components';
import type { CaseListQuery } from '@hcp/contracts';
import PageShell from '../../components/PageShell';
import CaseListView from '../components/CaseListView';
import FilterChips from '../components/FilterChips';
import StaffBar from '../components/StaffBar';
import { backToCases } from '../services/staff-api';
import { useCaseList } from '../services/use-case-list';
import './index.scss';

interface Queue {
  key: string;
  label: string;
  query: CaseListQuery;
  empty: string;
}

/** What waits for a supervisor of the region (监督人员): each a `GET /cases` filter, scoped to the region by the server. */
const QUEUES: Queue[] = [
  { key: 'overdue', label: '超期工单', query: { overdue: true }, empty: '辖区内没有超期工单' },
  { key: 'appealing', label: '申诉待裁定', query: { state: 'appealing' }, empty: '没有待裁定的申诉' },
  { key: 'escalated', label: '二次未解决', query: { state: 'escalated' }, empty: '没有待裁定的二次未解决工单' },
  { key: 'rerouting', label: '待改派', query: { state: 'rerouting' }, empty: '没有待改派的工单' },
];

/**
 * 督办 (supervisors; the H5 build is enough): the region's overdue cases, appeals and second 未解决 waiting for a
 * ruling, and cases handed back for another unit. Rule, re-route and cancel are on the case page.
 */
export default function SuperviseCasesPage() {
  const lists = [useCaseList(QUEUES[0].query), useCaseList(QUEUES[1].query), useCaseList(QUEUES[2].query), useCaseList(QUEUES[3].query)];
  const [chosen, setChosen] = useState(0);

  return (
    <PageShell large={false}>
      <View className='staff-supervise'>
        <StaffBar title='督办工单' back={{ label: '返回工单列表', onBack: backToCases }} inbox />
        <FilterChips
          label='督办事项'
          chips={QUEUES.map((queue, i) => ({
            key: queue.key,
            label: queue.label,
            count: lists[i].listing.kind === 'loaded' ? lists[i].listing.list.total : undefined,
            chosen: chosen === i,
            onChoose: () => setChosen(i),
          }))}
        />
        <CaseListView list={lists[chosen]} empty={QUEUES[chosen].empty} />
      </View>
    </PageShell>
  );
}
