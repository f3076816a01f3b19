import type { EntityManager } from 'typeorm';
import { StaffDeviceEntity } from '../identity/entities/staff-device.entity.js';
import { RatingEntity } from './entities/rating.entity.js';

/**
 * Signals of inauthentic ratings (DOMAIN: 刷好评 and 恶意差评 both exist; Shanghai tracks account, device and IP).
 * They flag, never reject: a flagged rating is stored and acknowledged, and stays out of statistics until a
 * supervisor clears it.
 */
export const SIGNAL_WINDOW_MINUTES = 10;
/** One device rating this many different windows within ten minutes is unlikely to have been served by all. */
export const MANY_WINDOWS = 4;
/** This many good ratings at one window within ten minutes is a burst worth a look. */
export const GOOD_BURST = 8;

export type RatingFlag = 'many_windows' | 'staff_self' | 'good_burst' | 'risky_comment' | 'review_comment' | 'late_upload' | 'backdated';

export async function fraudSignals(
  m: EntityManager,
  r: { citizenId: string; deviceId: string | null; windowId: string; level: number; ratedAt: Date; onDuty: { staffId: string; phoneHash: string | null } | null; contactPhoneHash: string | null },
): Promise<RatingFlag[]> {
  const flags: RatingFlag[] = [];
  const since = new Date(r.ratedAt.getTime() - SIGNAL_WINDOW_MINUTES * 60_000);

  const windows = await m
    .createQueryBuilder(RatingEntity, 'x')
    .select('COUNT(DISTINCT x.window_id)', 'n')
    .where('x.citizen_id = :citizenId AND x.rated_at >= :since AND x.window_id <> :windowId', { citizenId: r.citizenId, since, windowId: r.windowId })
    .getRawOne<{ n: string }>();
  if (Number(windows?.n ?? 0) + 1 >= MANY_WINDOWS) flags.push('many_windows');

  if (r.onDuty) {
    const samePhone = r.contactPhoneHash !== null && r.onDuty.phoneHash === r.contactPhoneHash;
    const sameDevice = r.deviceId !== null && (await m.exists(StaffDeviceEntity, { where: { staffId: r.onDuty.staffId, deviceId: r.deviceId } }));
    if (samePhone || sameDevice) flags.push('staff_self');
  }

  if (r.level >= 4) {
    const good = await m
      .createQueryBuilder(RatingEntity, 'x')
      .where('x.window_id = :windowId AND x.level >= 4 AND x.rated_at >= :since', { windowId: r.windowId, since })
      .getCount();
    if (good + 1 >= GOOD_BURST) flags.push('good_burst');
  }
  return flags;
}
