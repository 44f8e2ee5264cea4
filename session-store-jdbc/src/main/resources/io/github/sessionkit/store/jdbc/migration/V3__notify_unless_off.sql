-- sessionkit PostgreSQL store, schema version 3: announcing changes can be switched off.
-- A store configured with SESSION_JDBC_NOTIFY=false opens its connections with the option
-- sessionkit.notify=off; a change written on such a connection is not announced. The WHEN
-- clause is checked as the row is written, before the trigger is queued, so a silent write
-- pays nothing for the trigger. Every other writer (the default) still announces its changes.
DROP TRIGGER "${table}_notify" ON "${schema}"."${table}";

CREATE TRIGGER "${table}_notify" AFTER UPDATE OR DELETE ON "${schema}"."${table}"
  FOR EACH ROW WHEN (current_setting('sessionkit.notify', true) IS DISTINCT FROM 'off')
  EXECUTE FUNCTION "${schema}"."${table}_notify"();
