-- sessionkit PostgreSQL store, schema version 2: change notifications.
-- Every change of a session's content, key or existence is announced on the channel
-- ${table}_changes with the payload "tenant:id_hash", so other nodes can drop their local
-- copies (the tiered store LISTENs); this keeps working while Redis is down. Touches (only
-- the access time moved) and purges of expired rows are not announced: no local copy
-- becomes wrong through them.
CREATE FUNCTION "${schema}"."${table}_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.version = OLD.version AND NEW.tenant = OLD.tenant AND NEW.id_hash = OLD.id_hash
     AND NEW.principal IS NOT DISTINCT FROM OLD.principal THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' AND OLD.expires_at <= (extract(epoch FROM clock_timestamp()) * 1000)::bigint THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('${table}_changes', OLD.tenant || ':' || OLD.id_hash);
  RETURN NULL;
END
$$;

CREATE TRIGGER "${table}_notify" AFTER UPDATE OR DELETE ON "${schema}"."${table}"
  FOR EACH ROW EXECUTE FUNCTION "${schema}"."${table}_notify"();
