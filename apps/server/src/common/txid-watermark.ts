import type { EntityManager } from 'typeorm';

/*
 * Commit-ordered reading. Ratings and case timeline entries carry the 64-bit id of the transaction that inserted them
 * (`stats_txid`). Every row whose id is below `oldestInFlight()` is committed and visible, and no row with a lower id
 * can appear later: a reader that takes only such rows, in id order, never skips a row that commits late. The
 * statistics roll-ups and the national export both read this way.
 */

/**
 * The id below which every transaction of this database has ended: the oldest transaction of this database still
 * in flight, or (none) the snapshot's `xmax` (one past the newest ended). Transactions of other databases on the
 * same server are ignored (a snapshot's own `xmin` would wait for them too).
 *
 * Order matters: `xmax` first; every transaction with a lower id had its id by then, so if it is still running when
 * the sessions are read next it shows as `backend_xid` there; one that gets its id later has an id of `xmax` or
 * more. `pg_stat_clear_snapshot()` makes the read current (the statistics views are otherwise cached for the
 * transaction). The sessions' ids are 32-bit: each is widened to the 64-bit id nearest `xmax`.
 */
export async function oldestInFlight(m: EntityManager): Promise<string> {
  const [{ xmax }] = (await m.query(`SELECT int8in(xid8out(pg_snapshot_xmax(pg_current_snapshot()))) AS xmax`)) as { xmax: string }[];
  await m.query(`SELECT pg_stat_clear_snapshot()`);
  const sessions = (await m.query(
    `SELECT backend_xid::text AS xid FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
  )) as { xid: string }[];
  const top = BigInt(xmax);
  let oldest = top;
  for (const { xid } of sessions) {
    const wide = widen(BigInt(xid), top);
    if (wide < oldest) oldest = wide;
  }
  return oldest.toString();
}

const EPOCH = 1n << 32n;
/** The 64-bit id with these low 32 bits nearest `near`. */
export function widen(low: bigint, near: bigint): bigint {
  const candidate = (near & ~(EPOCH - 1n)) | low;
  if (candidate - near > EPOCH / 2n) return candidate - EPOCH;
  if (near - candidate > EPOCH / 2n) return candidate + EPOCH;
  return candidate;
}
