import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group commit for ratings: `rating_ingest_batch` runs `rating_ingest` for each rating of a batch, in one transaction,
 * so the batch shares one round trip, one commit and one WAL flush (see rating-ingest.ts, `IngestBatcher`).
 *
 * Each rating is decided exactly as alone: every statement of `rating_ingest` takes a fresh snapshot and sees what the
 * ratings before it in the batch wrote, so the one-rating rule, the clientId and the hourly limits hold inside a batch
 * as they do between batches. The ratings are taken in the order of their citizens' advisory-lock keys (then in the
 * order they came), so two batches running at once always take their locks in the same order and cannot deadlock on
 * them. A refusal is an outcome, like alone; an error aborts the whole batch (nothing written) and the server then
 * sends its ratings one by one, so the error reaches only the rating it belongs to.
 */
export class RatingIngestBatch1796090200000 implements MigrationInterface {
  name = 'RatingIngestBatch1796090200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION rating_ingest_batch(
        p_rows jsonb, p_per_citizen_hour integer, p_per_ip_hour integer, p_duplicate_minutes integer,
        p_signal_minutes integer, p_many_windows integer, p_good_burst integer)
      RETURNS TABLE (o_index integer, o_outcome text, o_id uuid, o_level smallint, o_received_at timestamptz, o_staff_id uuid)
      LANGUAGE plpgsql AS $$
      DECLARE
        r record;
      BEGIN
        FOR r IN
          SELECT x.* FROM jsonb_to_recordset(p_rows) AS x(
            i integer, client_id uuid, citizen_id uuid, catalog_version bigint, window_id uuid, hall_id uuid, unit_id uuid,
            service_item_id uuid, level smallint, tag_codes smallint[], tag_version text, comment text, comment_check text,
            channel smallint, rated_at timestamptz, duty_at timestamptz, queued boolean, phone_enc text, phone_masked text,
            phone_hash text, ip_hash character(64), extra_flags text[], now timestamptz)
          ORDER BY hashtext('rating:' || x.citizen_id::text), x.i
        LOOP
          RETURN QUERY SELECT r.i, f.o_outcome, f.o_id, f.o_level, f.o_received_at, f.o_staff_id
            FROM rating_ingest(r.client_id, r.citizen_id, r.catalog_version, r.window_id, r.hall_id, r.unit_id,
                               r.service_item_id, r.level, r.tag_codes, r.tag_version, r.comment, r.comment_check,
                               r.channel, r.rated_at, r.duty_at, r.queued, r.phone_enc, r.phone_masked, r.phone_hash,
                               r.ip_hash, r.extra_flags, r.now, p_per_citizen_hour, p_per_ip_hour, p_duplicate_minutes,
                               p_signal_minutes, p_many_windows, p_good_burst) f;
        END LOOP;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION rating_ingest_batch`);
  }
}
