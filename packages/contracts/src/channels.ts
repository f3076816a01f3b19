/** Rating channels (national code `pf`). A scan of a window's QR code is channel 3. */
export const RatingChannel = {
  Pc: 1, // PC 端
  Mobile: 2, // 移动端
  QrCode: 3, // 二维码
  HallTablet: 4, // 政务大厅平板电脑
  HallTerminal: 5, // 政务大厅其他终端
  Phone: 6, // 电话
  Sms: 7, // 短信
} as const;

export type RatingChannel = (typeof RatingChannel)[keyof typeof RatingChannel];

export const RATING_CHANNELS: readonly { channel: RatingChannel; label: string }[] = [
  { channel: 1, label: 'PC端' },
  { channel: 2, label: '移动端' },
  { channel: 3, label: '二维码' },
  { channel: 4, label: '政务大厅平板电脑' },
  { channel: 5, label: '政务大厅其他终端' },
  { channel: 6, label: '电话' },
  { channel: 7, label: '短信' },
];

export function isRatingChannel(value: unknown): value is RatingChannel {
  return typeof value === 'number' && RATING_CHANNELS.some((c) => c.channel === value);
}
