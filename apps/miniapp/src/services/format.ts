/**
 * Dates as a citizen in China reads them. Deadlines are instants (the end of a working day in China), so they are
 * shown in Beijing time whatever the phone's time zone; China has no daylight saving, so a fixed offset is exact
 * and needs no time-zone data (which old Android WebViews lack).
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function beijing(iso: string): Date | null {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time + BEIJING_OFFSET_MS);
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `6月3日 17:30` */
export function formatDeadline(iso: string): string {
  const d = beijing(iso);
  if (!d) return '';
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `17:30` */
export function formatTime(iso: string): string {
  return formatDeadline(iso).split(' ')[1] ?? '';
}

/** `2026年6月3日 09:05` */
export function formatDateTime(iso: string): string {
  const d = beijing(iso);
  if (!d) return '';
  return `${d.getUTCFullYear()}年${formatDeadline(iso)}`;
}

/** `5号窗口 不动产登记`; the server's first screen of the rating page writes it too. */
export { windowTitle } from '@hcp/contracts';
