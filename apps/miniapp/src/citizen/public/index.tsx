import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { PUBLIC_CASES_MAX_PAGE, RATING_LEVELS, type PublicCase, type PublicCases, type PublicUnits } from '@hcp/contracts';
import AccessibleButton from '../../components/AccessibleButton';
import PageShell from '../../components/PageShell';
import PageToolbar from '../../components/PageToolbar';
import { useLargeText } from '../../services/large-text';
import { ApiError } from '../../services/request';
import { chinaMonth, getPublicCases, getPublicUnits, monthLabel, percent, shiftMonth } from '../services/public';
import './index.scss';

const PAGE_SIZE = 20;
const TABS = [
  ['units', '单位排名'],
  ['cases', '差评公开'],
] as const;

/** The month buttons take their words' width, so the month between them fits on one line (two in 大字模式). */
const FIT = { flex: 'none', width: 'auto' };

interface Shown {
  units?: PublicUnits;
  cases?: PublicCases;
  /** The cases loaded so far (加载更多 adds a page). */
  items: PublicCase[];
  error?: string;
  loading: boolean;
}

/**
 * 公开评价: how each unit was rated in a month (ranked), and each 差评 with the unit's reply and outcome. Open to
 * anyone, no sign-in; the server leaves out names, numbers and unchecked comments. (One state object per concern:
 * the weapp build has a size budget.)
 */
export default function PublicPage() {
  const [large, toggleLarge] = useLargeText();
  const [q, setQ] = useState({ tab: 'units', month: chinaMonth() });
  const [shown, setShown] = useState<Shown>({ items: [], loading: true });

  // Promises rather than async/await: the transpiled state machine would cost the weapp build half a kilobyte.
  const load = (page = 1) => {
    setShown((s) => ({ ...s, error: undefined, loading: true }));
    (q.tab === 'units'
      ? getPublicUnits({ period: 'month', month: q.month }).then((units) => (s: Shown) => ({ ...s, units }))
      : getPublicCases({ month: q.month, page, pageSize: PAGE_SIZE }).then((cases) => (s: Shown) => ({ ...s, cases, items: page === 1 ? cases.items : [...s.items, ...cases.items] }))
    ).then(
      (next) => setShown((s) => ({ ...next(s), loading: false })),
      (e: unknown) => setShown((s) => ({ ...s, error: e instanceof ApiError ? e.message : '加载失败，请稍后再试', loading: false })),
    );
  };

  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload when the tab or the month changes
  }, [q]);

  const { units, cases, items, error, loading } = shown;
  return (
    <PageShell large={large}>
      <View className='public'>
        <PageToolbar large={large} onToggleLarge={toggleLarge} />
        <Text className='public__title'>公开评价</Text>
        <Text className='public__line'>各单位的评价和差评整改情况，向社会公开，不含评价人的个人信息。</Text>

        <View className='public__row' ariaRole='group' ariaLabel='公开内容'>
          {TABS.map(([tab, label]) => (
            <AccessibleButton
              key={tab}
              className={q.tab === tab ? 'public__button public__button--on' : 'public__button'}
              hoverClass='hcp-pressed'
              aria-pressed={String(q.tab === tab)}
              onClick={() => setQ({ ...q, tab })}
            >
              {label}
            </AccessibleButton>
          ))}
        </View>

        <View className='public__row'>
          <AccessibleButton className='public__button' style={FIT} hoverClass='hcp-pressed' onClick={() => setQ({ ...q, month: shiftMonth(q.month, -1) })}>
            上个月
          </AccessibleButton>
          <Text className='public__strong' style={{ textAlign: 'center', wordBreak: 'keep-all' }}>
            {monthLabel(q.month)}
          </Text>
          <AccessibleButton
            className='public__button'
            style={FIT}
            hoverClass='hcp-pressed'
            disabled={q.month >= chinaMonth()}
            onClick={() => setQ({ ...q, month: shiftMonth(q.month, 1) })}
          >
            下个月
          </AccessibleButton>
        </View>

        {error ? (
          <View ariaRole='alert'>
            <Text className='public__hint'>{error}</Text>
            <AccessibleButton className='public__button public__button--on public__retry' hoverClass='hcp-pressed' onClick={() => load()}>
              重试
            </AccessibleButton>
          </View>
        ) : q.tab === 'units' ? (
          units && <UnitList units={units} />
        ) : (
          cases && (
            <View>
              <Text className='public__hint'>{items.length ? `共 ${cases.total} 条差评` : '这个月没有差评'}</Text>
              {items.map((c) => (
                <CaseCard key={c.caseNo} item={c} />
              ))}
              {items.length < cases.total && cases.page < PUBLIC_CASES_MAX_PAGE ? (
                <AccessibleButton className='public__button public__button--on public__retry' hoverClass='hcp-pressed' disabled={loading} onClick={() => load(cases.page + 1)}>
                  {loading ? '正在加载…' : '加载更多'}
                </AccessibleButton>
              ) : null}
            </View>
          )
        )}
        {loading && !units && !cases ? <Text className='public__hint'>正在加载…</Text> : null}
      </View>
    </PageShell>
  );
}

function UnitList({ units }: { units: PublicUnits }) {
  if (!units.units.length) return <Text className='public__hint'>这个月还没有评价</Text>;
  return (
    <View>
      <Text className='public__hint'>按好评率排名；评价少于 {units.minRatings} 条的单位不参与排名</Text>
      {units.units.map((u) => (
        <View key={u.unitId} className='public__card'>
          <Text className='public__mark'>{u.rank === null ? '不排名' : `第 ${u.rank} 名`}</Text>
          <Text className='public__strong'>{u.name}</Text>
          <View className='public__figures'>
            {(
              [
                ['评价数', String(u.ratings)],
                ['好评率', percent(u.goodRate)],
                ['差评率', percent(u.badRate)],
                ['整改率', percent(u.rectificationRate)],
                ['按时办结率', percent(u.onTimeRate)],
              ] as const
            ).map(([label, value]) => (
              <View key={label} className='public__figure'>
                <Text className='public__line'>{label}</Text>
                <Text className='public__strong'>{value}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}

function CaseCard({ item }: { item: PublicCase }) {
  return (
    <View className='public__card'>
      <View className='public__row' style={{ marginTop: 0 }}>
        <Text className='public__mark public__mark--bad'>{RATING_LEVELS.find((l) => l.level === item.level)?.label}</Text>
        <Text className='public__mark'>{item.closeLabel ?? item.stateLabel}</Text>
      </View>
      <Text className='public__strong'>{item.unit}</Text>
      <Text className='public__line'>
        {item.hall} {item.window}
        {item.serviceItem ? ` · ${item.serviceItem}` : ''}
      </Text>
      <Text className='public__line'>
        {item.ratedOn} 评价 · 工单号 {item.caseNo}
      </Text>
      {item.tags.length ? <Text className='public__line'>问题：{item.tags.join('、')}</Text> : null}
      {item.comment ? <Text className='public__text'>评价内容：{item.comment}</Text> : null}
      {item.reply ? (
        <View className='public__reply'>
          <Text className='public__mark'>单位答复{item.repliedOn ? `（${item.repliedOn}）` : ''}</Text>
          <Text className='public__text'>{item.reply}</Text>
          {item.result ? <Text className='public__text'>整改结果：{item.result}</Text> : null}
        </View>
      ) : (
        <Text className='public__line'>单位正在处理，尚未答复</Text>
      )}
    </View>
  );
}
