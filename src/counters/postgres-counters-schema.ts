import type { PostgresMigration } from '../store/postgres/postgres-schema.js';

/**
 * The counters' schema: one row per key (its lock, and the total of keys counted forever) and one row per count
 * in a window. `reserve` is one call of a PL/pgSQL function: it locks the keys' rows in key order (no deadlock
 * between reserves of overlapping keys), then counts with a fresh snapshot (it sees every reserve committed before
 * it got the locks), then counts one on every key or none.
 */
export const counterMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: (s) => `
      CREATE TABLE ${s}.counter_keys (key TEXT COLLATE "C" PRIMARY KEY, total BIGINT NOT NULL DEFAULT 0);
      CREATE TABLE ${s}.counter_hits (key TEXT COLLATE "C" NOT NULL, at DOUBLE PRECISION NOT NULL);
      CREATE INDEX counter_hits_by_key ON ${s}.counter_hits (key, at);
      CREATE FUNCTION ${s}.read_counters(p_keys TEXT[], p_windows DOUBLE PRECISION[], p_now DOUBLE PRECISION)
      RETURNS BIGINT[] LANGUAGE sql AS $$
        SELECT coalesce(array_agg(
          CASE WHEN r.win IS NULL THEN coalesce((SELECT k.total FROM ${s}.counter_keys k WHERE k.key = r.key), 0)
          ELSE (SELECT count(*) FROM ${s}.counter_hits h WHERE h.key = r.key AND h.at > p_now - r.win) END
          ORDER BY r.i), '{}')
        FROM unnest(p_keys, p_windows) WITH ORDINALITY AS r(key, win, i)
      $$;
      CREATE FUNCTION ${s}.reserve_counters(p_keys TEXT[], p_max BIGINT[], p_windows DOUBLE PRECISION[], p_now DOUBLE PRECISION)
      RETURNS TABLE (ok BOOLEAN, counts BIGINT[]) LANGUAGE plpgsql AS $$
      DECLARE
        current BIGINT[];
        is_full BOOLEAN := false;
      BEGIN
        INSERT INTO ${s}.counter_keys (key) SELECT k FROM unnest(p_keys) AS k ORDER BY k ON CONFLICT (key) DO NOTHING;
        PERFORM 1 FROM ${s}.counter_keys WHERE key = ANY (p_keys) ORDER BY key FOR UPDATE;
        -- A new statement, so a new snapshot: it sees what the reserves this one waited for committed.
        current := ${s}.read_counters(p_keys, p_windows, p_now);
        FOR i IN 1 .. coalesce(array_length(p_keys, 1), 0) LOOP
          IF p_max[i] IS NOT NULL AND current[i] >= p_max[i] THEN is_full := true; END IF;
        END LOOP;
        IF is_full THEN
          RETURN QUERY SELECT false, current;
          RETURN;
        END IF;
        UPDATE ${s}.counter_keys SET total = total + 1 WHERE key = ANY (p_keys);
        INSERT INTO ${s}.counter_hits (key, at)
          SELECT r.key, p_now FROM unnest(p_keys, p_windows) AS r(key, win) WHERE r.win IS NOT NULL;
        DELETE FROM ${s}.counter_hits h USING unnest(p_keys, p_windows) AS r(key, win)
          WHERE r.win IS NOT NULL AND h.key = r.key AND h.at <= p_now - r.win;
        RETURN QUERY SELECT true, (SELECT array_agg(c + 1 ORDER BY n) FROM unnest(current) WITH ORDINALITY AS x(c, n));
      END
      $$;`,
  },
];
