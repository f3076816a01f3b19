// What the reliability tests check alike.
import assert from 'node:assert/strict';

/**
 * Every rating the phones sent (`jobs`: `{ body: { clientId }, receipt, bad }`) is stored exactly once, with the id its
 * phone was told in `receipt`, and each 差评 (`bad`) has exactly one case while a good rating has none.
 */
export async function assertEachRatingStoredOnce(db, jobs) {
  const stored = (
    await db.query(
      `SELECT r.client_id, r.id, count(c.id)::int AS cases FROM rating r LEFT JOIN rating_case c ON c.rating_id = r.id WHERE r.client_id = ANY($1::uuid[]) GROUP BY r.client_id, r.id`,
      [jobs.map((j) => j.body.clientId)],
    )
  ).rows;
  assert.equal(stored.length, jobs.length, 'every rating is stored once');
  const byClient = new Map(stored.map((r) => [r.client_id, r]));
  for (const job of jobs) {
    const row = byClient.get(job.body.clientId);
    assert.equal(row.id, job.receipt.id, 'the stored rating is the one the phone was told of');
    assert.equal(row.cases, job.bad ? 1 : 0, job.bad ? 'a 差评 has exactly one case' : 'a good rating has no case');
  }
}
