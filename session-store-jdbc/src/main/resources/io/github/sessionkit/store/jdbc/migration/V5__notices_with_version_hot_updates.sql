-- sessionkit PostgreSQL store, schema version 5: change notices carry the new version and access
-- time, and typical writes can be HOT updates.
--
-- Notices: "tenant:id_hash:version:last_accessed_at" for a change whose result is known (a node
-- holding a copy at least that new keeps it, so a writer keeps its own fresh copy), and
-- "tenant:id_hash" (state unknown: drop every copy) for a deletion or a rotation away from the
-- key. The stale-in-caches notice "!tenant:id_hash" (sent by the store, not by this trigger) is
-- unchanged.
CREATE OR REPLACE FUNCTION "${schema}"."${table}_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.tenant <> OLD.tenant OR NEW.id_hash <> OLD.id_hash THEN
      PERFORM pg_notify('${table}_changes', OLD.tenant || ':' || OLD.id_hash);
    ELSIF NEW.version <> OLD.version OR NEW.principal IS DISTINCT FROM OLD.principal THEN
      PERFORM pg_notify('${table}_changes',
          NEW.tenant || ':' || NEW.id_hash || ':' || NEW.version || ':' || NEW.last_accessed_at);
    END IF;
    RETURN NULL;
  END IF;
  IF OLD.expires_at <= (extract(epoch FROM clock_timestamp()) * 1000)::bigint THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('${table}_changes', OLD.tenant || ':' || OLD.id_hash);
  RETURN NULL;
END
$$;

-- HOT updates. An UPDATE that changes no indexed column and finds room on the row's page is a
-- HOT update: no new index entries, less WAL, less vacuum. expires_at moves with every access
-- time, so its index made every write and touch a full update. The purge now finds rows by
-- expires_minute (expires_at in whole minutes), which moves at most once a minute of access
-- time, and re-checks expires_at; rows keep 20% of each page free for their next versions
-- (pages written from now on; VACUUM FULL or a rewrite applies it to existing ones).
ALTER TABLE "${schema}"."${table}"
  ADD COLUMN expires_minute bigint GENERATED ALWAYS AS (
    LEAST(CASE WHEN last_accessed_at > 9223372036854775807 - idle_timeout_ms
               THEN 9223372036854775807
               ELSE last_accessed_at + idle_timeout_ms END,
          absolute_expires_at) / 60000) STORED;
CREATE INDEX "${table}_expires_minute_idx" ON "${schema}"."${table}" (expires_minute);
DROP INDEX "${schema}"."${table}_expires_at_idx";
ALTER TABLE "${schema}"."${table}" SET (fillfactor = 80);
