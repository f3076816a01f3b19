/** Display helpers: every figure a supervisor reads is formatted here, once. */

/** 0.9234 → "92.3%"; null (nothing to divide by) → "—". */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('zh-CN');
}

export function days(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(1)} 个工作日`;
}

/** A China-time date and minute, as staff read it: 2026-11-30 14:05. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export interface Change {
  /** The text shown: "+2.1 个百分点", "+12", "持平", or "—" when either period has no value. */
  text: string;
  /** Whether the change is good news, bad news, or neither (for its colour). */
  tone: 'good' | 'bad' | 'neutral';
}

/**
 * The change of a figure against the previous period. Rates change in percentage points (a rise from 90% to 92% is
 * "+2.0 个百分点", not "+2.2%"), counts by their difference. `higherIsBetter` decides the colour.
 */
export function change(current: number | null, previous: number | null, kind: 'rate' | 'count', higherIsBetter: boolean | null): Change {
  if (current === null || previous === null) return { text: '—', tone: 'neutral' };
  const diff = kind === 'rate' ? (current - previous) * 100 : current - previous;
  const rounded = kind === 'rate' ? Math.round(diff * 10) / 10 : diff;
  if (rounded === 0) return { text: '持平', tone: 'neutral' };
  const sign = rounded > 0 ? '+' : '−';
  const magnitude = kind === 'rate' ? `${Math.abs(rounded).toFixed(1)} 个百分点` : Math.abs(rounded).toLocaleString('zh-CN');
  const tone = higherIsBetter === null ? 'neutral' : rounded > 0 === higherIsBetter ? 'good' : 'bad';
  return { text: `${sign}${magnitude}`, tone };
}
