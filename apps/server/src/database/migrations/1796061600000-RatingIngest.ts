import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rating's write path as one database function. `rating_ingest` does in one round trip what took fourteen: the
 * citizen's advisory lock, the clientId check, the hourly limits, the one-rating rule, who is on duty, the fraud
 * signals and the insert. Each statement of a VOLATILE function takes a fresh snapshot, so everything after the lock
 * sees what the citizen's previous rating committed, exactly as the separate statements did. It decides nothing the
 * server cannot say: refusals come back as an outcome, with nothing written, and the server answers them with the
 * same codes as before (see rating-ingest.ts).
 */
export class RatingIngest1796061600000 implements MigrationInterface {
  name = 'RatingIngest1796061600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION rating_ingest(
        p_client_id uuid, p_citizen_id uuid, p_catalog_version bigint, p_window_id uuid, p_hall_id uuid, p_unit_id uuid,
        p_service_item_id uuid, p_level smallint, p_tag_codes smallint[], p_tag_version text, p_comment text,
        p_comment_check text, p_channel smallint, p_rated_at timestamptz, p_duty_at timestamptz, p_queued boolean,
        p_phone_enc text, p_phone_masked text, p_phone_hash text, p_ip_hash character(64), p_extra_flags text[], p_now timestamptz,
        p_per_citizen_hour integer, p_per_ip_hour integer, p_duplicate_minutes integer,
        p_signal_minutes integer, p_many_windows integer, p_good_burst integer)
      RETURNS TABLE (o_outcome text, o_id uuid, o_level smallint, o_received_at timestamptz, o_staff_id uuid)
      LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
        v_device_id text;
        seen record;
        duty_id uuid;
        duty_phone_hash text;
        earlier uuid;
        span interval := make_interval(mins => p_duplicate_minutes);
        since timestamptz := p_rated_at - make_interval(mins => p_signal_minutes);
        -- Both sides of the rating's time: a queued rating uploaded late is compared with its own ten minutes,
        -- not with everything rated since.
        until timestamptz := p_rated_at + make_interval(mins => p_signal_minutes);
        n integer;
        v_flags text[] := '{}';
        ins_id uuid;
        ins_at timestamptz;
      BEGIN
        -- A window the server held in memory is current only while the catalog's version is the one it was read under.
        IF p_catalog_version IS NOT NULL AND p_catalog_version IS DISTINCT FROM (SELECT v.version FROM catalog_version v WHERE v.id = 1) THEN
          RETURN QUERY SELECT 'stale', NULL::uuid, NULL::smallint, NULL::timestamptz, NULL::uuid;
          RETURN;
        END IF;
        SELECT c.device_id INTO v_device_id FROM citizen c WHERE c.id = p_citizen_id;
        IF NOT FOUND THEN
          RETURN QUERY SELECT 'no_citizen', NULL::uuid, NULL::smallint, NULL::timestamptz, NULL::uuid;
          RETURN;
        END IF;
        -- One citizen's ratings one at a time: the limits and the one-rating rule cannot be raced.
        PERFORM pg_advisory_xact_lock(hashtext('rating:' || p_citizen_id::text));
        ids := ARRAY[p_citizen_id] || ARRAY(SELECT c.id FROM citizen c WHERE c.merged_into_id = p_citizen_id);

        SELECT r.id, r.level, r.citizen_id INTO seen FROM rating r WHERE r.client_id = p_client_id;
        IF FOUND THEN
          RETURN QUERY SELECT CASE WHEN seen.citizen_id = ANY (ids) THEN 'seen' ELSE 'reused' END, seen.id, seen.level, NULL::timestamptz, NULL::uuid;
          RETURN;
        END IF;

        -- Counted up to the limit only, so the cost does not grow with the table.
        SELECT count(*) INTO n FROM (SELECT 1 FROM rating r WHERE r.citizen_id = ANY (ids) AND r.received_at >= p_now - interval '1 hour' LIMIT p_per_citizen_hour) x;
        IF n >= p_per_citizen_hour THEN
          RETURN QUERY SELECT 'rate_limited', NULL::uuid, NULL::smallint, NULL::timestamptz, NULL::uuid;
          RETURN;
        END IF;
        IF p_ip_hash IS NOT NULL THEN
          SELECT count(*) INTO n FROM (SELECT 1 FROM rating r WHERE r.ip_hash = p_ip_hash AND r.received_at >= p_now - interval '1 hour' LIMIT p_per_ip_hour) x;
          IF n >= p_per_ip_hour THEN
            RETURN QUERY SELECT 'rate_limited', NULL::uuid, NULL::smallint, NULL::timestamptz, NULL::uuid;
            RETURN;
          END IF;
        END IF;

        IF p_duplicate_minutes > 0 THEN
          SELECT r.id INTO earlier FROM rating r
           WHERE r.citizen_id = ANY (ids) AND r.window_id = p_window_id
             AND ((r.rated_at > p_rated_at - span AND r.rated_at < p_rated_at + span) OR r.received_at > p_now - span)
           ORDER BY r.received_at DESC LIMIT 1;
          IF FOUND THEN
            RETURN QUERY SELECT 'duplicate', earlier, NULL::smallint, NULL::timestamptz, NULL::uuid;
            RETURN;
          END IF;
        END IF;

        IF p_duty_at IS NOT NULL THEN
          SELECT s.id, s.phone_hash INTO duty_id, duty_phone_hash FROM duty_shift d JOIN staff s ON s.id = d.staff_id
           WHERE d.window_id = p_window_id AND s.active AND d.started_at <= p_duty_at AND (d.ended_at IS NULL OR d.ended_at > p_duty_at)
           ORDER BY d.started_at DESC LIMIT 1;
        END IF;

        -- Fraud signals: they flag, never refuse (see rating-signals.ts for the thresholds' reasons).
        SELECT count(DISTINCT r.window_id) INTO n FROM rating r WHERE r.citizen_id = p_citizen_id AND r.rated_at >= since AND r.rated_at <= until AND r.window_id <> p_window_id;
        IF n + 1 >= p_many_windows THEN v_flags := v_flags || 'many_windows'::text; END IF;
        IF duty_id IS NOT NULL AND (
             (p_phone_hash IS NOT NULL AND duty_phone_hash = p_phone_hash)
             OR (v_device_id IS NOT NULL AND EXISTS (SELECT 1 FROM staff_device sd WHERE sd.staff_id = duty_id AND sd.device_id = v_device_id))) THEN
          v_flags := v_flags || 'staff_self'::text;
        END IF;
        IF p_level >= 4 THEN
          SELECT count(*) INTO n FROM (SELECT 1 FROM rating r WHERE r.window_id = p_window_id AND r.level >= 4 AND r.rated_at >= since AND r.rated_at <= until LIMIT p_good_burst) x;
          IF n + 1 >= p_good_burst THEN v_flags := v_flags || 'good_burst'::text; END IF;
        END IF;
        v_flags := v_flags || p_extra_flags;

        INSERT INTO rating (client_id, citizen_id, window_id, hall_id, unit_id, staff_id, service_item_id, level, tag_codes, tag_version,
                            comment, comment_check, comment_hidden, channel, rated_at, queued, contact_phone_enc, contact_phone_masked,
                            ip_hash, flags, flag_status)
        VALUES (p_client_id, p_citizen_id, p_window_id, p_hall_id, p_unit_id, duty_id, p_service_item_id, p_level, p_tag_codes, p_tag_version,
                p_comment, p_comment_check, p_comment_check = 'risky', p_channel, p_rated_at, p_queued, p_phone_enc, p_phone_masked,
                p_ip_hash, v_flags, CASE WHEN cardinality(v_flags) > 0 THEN 'pending' ELSE 'none' END)
        ON CONFLICT (client_id) DO NOTHING
        RETURNING id, received_at INTO ins_id, ins_at;
        IF ins_id IS NULL THEN
          -- The same clientId committed meanwhile by another citizen's request (this citizen's wait for the lock).
          RETURN QUERY SELECT 'conflict', NULL::uuid, NULL::smallint, NULL::timestamptz, NULL::uuid;
          RETURN;
        END IF;
        RETURN QUERY SELECT 'created', ins_id, p_level, ins_at, duty_id;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION rating_ingest`);
  }
}
