import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import AccessibleButton from '../../components/AccessibleButton';
import Taro from '@tarojs/taro';
import { CASE_STATE_LABELS, type CaseListQuery, type CaseState } from '@hcp/contracts';
import PageShell from '../../components/PageShell';
import CaseListView from '../components/CaseListView';
import FilterChips, { type FilterChip } from '../components/FilterChips';
import StaffBar from '../components/StaffBar';
import WechatReminders from '../components/WechatReminders';
import { currentStaff, isSupervisor, staffLogout } from '../services/staff-api';
import { useCaseList } from '../services/use-case-list';
import './index.scss';

// The label table's keys rather than the CaseState object: the table is in the main package already.
const STATES = Object.keys(CASE_STATE_LABELS) as CaseState[];

/**
 * 我的工单: the unit's cases and the member of staff's own, overdue first, then by the nearest deadline (the server
 * orders), with counts per state, a state filter, 超期 and 只看我的; warnings for system administrators on top.
 */
export default function StaffCasesPage() {
  const staff = currentStaff();
  const handles = !!staff && (staff.roles.includes('case_handler') || staff.roles.includes('unit_admin'));
  const [filter, setFilter] = useState<Pick<CaseListQuery, 'state' | 'mine' | 'overdue'>>({});
  const list = useCaseList(filter);
  const { listing } = list;

  const counts = listing.kind === 'loaded' ? listing.list.counts : {};
  const all = STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0);

  const chips: FilterChip[] = [
    { key: 'all', label: '全部', count: listing.kind === 'loaded' ? all : undefined, chosen: !filter.state, onChoose: () => setFilter({ ...filter, state: undefined }) },
    ...STATES.filter((state) => (counts[state] ?? 0) > 0 || filter.state === state).map((state) => ({
      key: state,
      label: CASE_STATE_LABELS[state],
      count: counts[state] ?? 0,
      chosen: filter.state === state,
      onChoose: () => setFilter({ ...filter, state: filter.state === state ? undefined : state }),
    })),
  ];
  const toggles: FilterChip[] = [
    { key: 'overdue', label: '只看超期', chosen: !!filter.overdue, onChoose: () => setFilter({ ...filter, overdue: !filter.overdue }) },
    ...(handles ? [{ key: 'mine', label: '只看我的', chosen: !!filter.mine, onChoose: () => setFilter({ ...filter, mine: !filter.mine }) }] : []),
  ];

  return (
    <PageShell large={false}>
      <View className='staff-cases'>
        <StaffBar title='我的工单' inbox>
          <AccessibleButton className='staff-cases__logout' hoverClass='hcp-pressed' onClick={() => void staffLogout()}>
            退出登录
          </AccessibleButton>
        </StaffBar>
        {staff ? (
          <Text className='staff-cases__who'>
            {staff.name}（工号 {staff.staffNumber}）{staff.unit ? ` · ${staff.unit.name}` : ''}
          </Text>
        ) : null}

        <WechatReminders />

        {isSupervisor(staff) ? (
          <AccessibleButton className='staff-cases__supervise' hoverClass='hcp-pressed' onClick={() => void Taro.navigateTo({ url: '/staff/supervise/index' })}>
            督办：超期、申诉、二次未解决
          </AccessibleButton>
        ) : null}

        {listing.kind === 'loaded' && listing.list.warnings.length > 0 ? (
          <View className='staff-cases__warnings' ariaRole='alert'>
            {listing.list.warnings.map((warning) => (
              <Text key={warning} className='staff-cases__warning'>
                {warning}
              </Text>
            ))}
          </View>
        ) : null}

        <FilterChips label='按状态筛选' chips={chips} />
        <FilterChips label='其他筛选' chips={toggles} />

        <CaseListView list={list} empty={filter.state || filter.overdue || filter.mine ? '没有符合条件的工单' : '暂无工单'} />
      </View>
    </PageShell>
  );
}
