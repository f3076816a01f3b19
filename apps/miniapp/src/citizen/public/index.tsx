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

type Tab = 'units' | 'cases';
const PAGE_SIZE = 20;
const levelLabel = (level: number) => RATING_LEVELS.find((l) => l.level === level)?.label ?? '';
const failure = (e: unknown) => (e instanceof ApiError ? e.message : '加载失败，请稍后再试');

/**
 * 公开评价: how each unit was rated this month (ranked), and each 差评 with the unit's reply and outcome. Open to
 * anyone, no sign-in; the server leaves out names, numbers and unchecked comments.
 */
export default function PublicPage() {
  const [large, toggleLarge] = useLargeText();
  const [tab, setTab] = useState<Tab>('units');
  const [month, setMonth] = useState(chinaMonth());
  const [units, setUnits] = useState<PublicUnits | null>(null);
  const [cases, setCases] = useState<PublicCases | null>(null);
  const [items, setItems] = useState<PublicCase[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (page = 1) => {
    setLoading(true);
    setError(null);
    try {
      if (tab === 'units') setUnits(await getPublicUnits({ period: 'month', month }));
      else {
        const answer = await getPublicCases({ month, page, pageSize: PAGE_SIZE });
        setCases(answer);
        setItems((before) => (page === 1 ? answer.items : [...before, ...answer.items]));
      }
    } catch (e) {
      setError(failure(e));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload when the tab or the month changes
  }, [tab, month]);

  const thisMonth = chinaMonth();
  return (
    <PageShell large={large}>
      <View className='public'>
        <PageToolbar large={large} onToggleLarge={toggleLarge} />
        <Text className='public__title'>公开评价</Text>
        <Text className='public__lead'>各单位的评价情况和差评整改情况，向社会公开。不含评价人的任何个人信息。</Text>

        <View className='public__tabs' ariaRole='group' ariaLabel='公开内容'>
          {(['units', 'cases'] as const).map((t) => (
            <AccessibleButton
              key={t}
              className={tab === t ? 'public__tab public__tab--on' : 'public__tab'}
              hoverClass='hcp-pressed'
              aria-pressed={tab === t ? 'true' : 'false'}
              onClick={() => setTab(t)}
            >
              {t === 'units' ? '单位排名' : '差评公开'}
            </AccessibleButton>
          ))}
        </View>

        <View className='public__month'>
          <AccessibleButton className='public__month-button' hoverClass='hcp-pressed' aria-label='上个月' onClick={() => setMonth(shiftMonth(month, -1))}>
            上个月
          </AccessibleButton>
          <Text className='public__month-label'>{monthLabel(month)}</Text>
          <AccessibleButton
            className='public__month-button'
            hoverClass='hcp-pressed'
            aria-label='下个月'
            disabled={month >= thisMonth}
            onClick={() => setMonth(shiftMonth(month, 1))}
          >
            下个月
          </AccessibleButton>
        </View>

        {error ? (
          <View className='public__error' ariaRole='alert'>
            <Text className='public__hint'>{error}</Text>
            <AccessibleButton className='public__retry' hoverClass='hcp-pressed' onClick={() => void load()}>
              重试
            </AccessibleButton>
          </View>
        ) : null}

        {tab === 'units' && units && !error ? <UnitList units={units} /> : null}
        {tab === 'cases' && cases && !error ? (
          <View>
            {items.length === 0 ? <Text className='public__hint'>这个月没有差评</Text> : <Text className='public__hint'>共 {cases.total} 条差评</Text>}
            {items.map((c) => (
              <CaseCard key={c.caseNo} item={c} />
            ))}
            {items.length < cases.total && cases.page < PUBLIC_CASES_MAX_PAGE ? (
              <AccessibleButton className='public__more' hoverClass='hcp-pressed' disabled={loading} onClick={() => void load(cases.page + 1)}>
                {loading ? '正在加载…' : '加载更多'}
              </AccessibleButton>
            ) : null}
          </View>
        ) : null}
        {loading && !units && !cases ? <Text className='public__hint'>正在加载…</Text> : null}
      </View>
    </PageShell>
  );
}

function UnitList({ units }: { units: PublicUnits }) {
  if (units.units.length === 0) return <Text className='public__hint'>这个月还没有评价</Text>;
  return (
    <View>
      <Text className='public__hint'>按好评率排名；评价少于 {units.minRatings} 条的单位不参与排名</Text>
      {units.units.map((u) => (
        <View key={u.unitId} className='public__card'>
          <View className='public__card-head'>
            <Text className='public__rank'>{u.rank === null ? '不排名' : `第 ${u.rank} 名`}</Text>
            <Text className='public__name'>{u.name}</Text>
          </View>
          <View className='public__figures'>
            <Figure label='评价数' value={String(u.ratings)} />
            <Figure label='好评率' value={percent(u.goodRate)} />
            <Figure label='差评率' value={percent(u.badRate)} />
            <Figure label='整改率' value={percent(u.rectificationRate)} />
            <Figure label='按时办结率' value={percent(u.onTimeRate)} />
          </View>
        </View>
      ))}
    </View>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <View className='public__figure'>
      <Text className='public__figure-label'>{label}</Text>
      <Text className='public__figure-value'>{value}</Text>
    </View>
  );
}

function CaseCard({ item }: { item: PublicCase }) {
  return (
    <View className='public__card'>
      <View className='public__card-head'>
        <Text className='public__level'>{levelLabel(item.level)}</Text>
        <Text className='public__state'>{item.closeLabel ?? item.stateLabel}</Text>
      </View>
      <Text className='public__name'>{item.unit}</Text>
      <Text className='public__line'>
        {item.hall} {item.window}
        {item.serviceItem ? ` · ${item.serviceItem}` : ''}
      </Text>
      <Text className='public__line'>
        {item.ratedOn} 评价 · 工单号 {item.caseNo}
      </Text>
      {item.tags.length ? <Text className='public__line'>问题：{item.tags.join('、')}</Text> : null}
      {item.comment ? <Text className='public__quote'>评价内容：{item.comment}</Text> : null}
      {item.reply ? (
        <View className='public__reply'>
          <Text className='public__reply-title'>单位答复{item.repliedOn ? `（${item.repliedOn}）` : ''}</Text>
          <Text className='public__reply-text'>{item.reply}</Text>
          {item.result ? <Text className='public__reply-text'>整改结果：{item.result}</Text> : null}
        </View>
      ) : (
        <Text className='public__line'>单位正在处理，尚未答复</Text>
      )}
    </View>
  );
}
