import { Alert, Card, Statistic } from 'antd';
import type { StatsFigures, StatsOverview } from '@hcp/contracts';
import { change, count, dateTime, days, percent } from '../../lib/format';

interface Figure {
  key: string;
  title: string;
  value: (f: StatsFigures) => number | null;
  kind: 'rate' | 'count' | 'days';
  /** Whether a rise is good news (null: neither). */
  higherIsBetter: boolean | null;
}

/** The headline figures (shared DOMAIN.md, "Metrics supervisors use"), in the order supervisors read them. */
const FIGURES: Figure[] = [
  { key: 'ratings', title: '评价数', value: (f) => f.counts.ratings, kind: 'count', higherIsBetter: null },
  { key: 'good', title: '好评率', value: (f) => f.goodRate, kind: 'rate', higherIsBetter: true },
  { key: 'bad', title: '差评率', value: (f) => f.badRate, kind: 'rate', higherIsBetter: false },
  { key: 'callback', title: '差评回访率', value: (f) => f.callbackRate, kind: 'rate', higherIsBetter: true },
  { key: 'onTimeCallback', title: '按时回访率', value: (f) => f.onTimeCallbackRate, kind: 'rate', higherIsBetter: true },
  { key: 'rectified', title: '整改率', value: (f) => f.rectificationRate, kind: 'rate', higherIsBetter: true },
  { key: 'onTime', title: '按时办结率', value: (f) => f.onTimeRate, kind: 'rate', higherIsBetter: true },
  { key: 'avgCallback', title: '平均回访用时', value: (f) => f.avgCallbackWorkingDays, kind: 'days', higherIsBetter: false },
  { key: 'avgReply', title: '平均答复用时', value: (f) => f.avgReplyWorkingDays, kind: 'days', higherIsBetter: false },
  { key: 'reopen', title: '未解决重办率', value: (f) => f.reopenRate, kind: 'rate', higherIsBetter: false },
  { key: 'followUp', title: '追评满意率', value: (f) => f.followUps.goodRate, kind: 'rate', higherIsBetter: true },
  { key: 'appeals', title: '申诉（成立）', value: (f) => f.appeals.filed, kind: 'count', higherIsBetter: null },
];

function show(figure: Figure, f: StatsFigures): string {
  const v = figure.value(f);
  if (figure.key === 'appeals') return `${count(f.appeals.filed)}（${count(f.appeals.upheld)}）`;
  return figure.kind === 'rate' ? percent(v) : figure.kind === 'days' ? days(v) : count(v);
}

export function FigureCards({ overview }: { overview: StatsOverview }) {
  const { current, previous, excluded, previousPeriod } = overview;
  const left = excluded.flagged + excluded.invalidated;
  return (
    <>
      <div className="figure-grid" aria-label="主要指标">
        {FIGURES.map((figure) => {
          const c = change(figure.value(current), figure.value(previous), figure.kind === 'rate' ? 'rate' : 'count', figure.higherIsBetter);
          return (
            <Card key={figure.key} size="small" className={`figure-card figure-card--${figure.key}`}>
              <Statistic title={figure.title} value={show(figure, current)} />
              <div className={`figure-card__change figure-card__change--${c.tone}`}>
                较上期 {c.text === '—' ? '无可比数据' : c.text}
              </div>
            </Card>
          );
        })}
      </div>
      <p className="muted">
        上期：{previousPeriod.from} 至 {previousPeriod.to}。数据截至 {dateTime(overview.asOf)}。
        {left > 0 && ` 本期有 ${left} 条评价未计入（异常待核 ${excluded.flagged} 条，申诉成立作废 ${excluded.invalidated} 条）。`}
      </p>
      {overview.asOf === null && <Alert type="info" showIcon title="统计数据正在生成，几分钟后刷新即可看到。" />}
    </>
  );
}
