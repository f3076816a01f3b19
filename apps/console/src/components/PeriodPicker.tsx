import { DatePicker, Segmented, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { PeriodChoice } from '../lib/period';

type Mode = 'day' | 'week' | 'month' | 'range';

const MODES: { label: string; value: Mode }[] = [
  { label: '日', value: 'day' },
  { label: '周', value: 'week' },
  { label: '月', value: 'month' },
  { label: '自定义', value: 'range' },
];

/** Day, ISO week (Monday first, as the server counts) or month holding a date, or any range of days. */
export function PeriodPicker({ value, onChange }: { value: PeriodChoice; onChange: (next: PeriodChoice) => void }) {
  const mode: Mode = value.from && value.to ? 'range' : (value.period ?? 'month');
  const date = dayjs(value.date ?? value.from);
  const setMode = (next: Mode) => {
    if (next === 'range') {
      const end = dayjs(value.date ?? value.to);
      onChange({ from: end.subtract(29, 'day').format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') });
    } else onChange({ period: next, date: (value.date ?? value.to) as string });
  };
  const pick = (d: Dayjs | null) => d && onChange({ period: mode as Exclude<Mode, 'range'>, date: d.format('YYYY-MM-DD') });
  return (
    <Space wrap>
      <Segmented<Mode> aria-label="统计周期" options={MODES} value={mode} onChange={setMode} />
      {mode === 'range' ? (
        <DatePicker.RangePicker
          aria-label="起止日期"
          allowClear={false}
          value={[dayjs(value.from), dayjs(value.to)]}
          onChange={(range) => range?.[0] && range[1] && onChange({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
        />
      ) : (
        <DatePicker aria-label="统计日期" allowClear={false} picker={mode === 'day' ? 'date' : mode} value={date} onChange={pick} />
      )}
    </Space>
  );
}
