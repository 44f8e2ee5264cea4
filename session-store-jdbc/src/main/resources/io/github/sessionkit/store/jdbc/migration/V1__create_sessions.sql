-- sessionkit PostgreSQL store, schema version 1.
-- ${schema} and ${table} are placeholders (defaults: public, sessionkit_sessions); the store
-- fills them in when it migrates. Teams that manage DDL themselves replace them, run this
-- file and set SESSION_JDBC_MIGRATE=false (JdbcSessionStore.migrationSql renders it).
--
-- Times are epoch milliseconds (bigint), so every value the application stores round-trips
-- exactly, including "no absolute deadline" (9223372036854775807).
-- id_hash is the SHA-256 of the session id (43 chars of base64url): the id itself is never stored.
CREATE TABLE "${schema}"."${table}" (
  tenant              text COLLATE "C" NOT NULL,
  id_hash             text COLLATE "C" NOT NULL,
  principal           text COLLATE "C",
  created_at          bigint NOT NULL,
  last_accessed_at    bigint NOT NULL,
  idle_timeout_ms     bigint NOT NULL,
  absolute_expires_at bigint NOT NULL,
  -- The earlier of the idle and absolute deadlines, saturating instead of overflowing.
  expires_at          bigint GENERATED ALWAYS AS (
                        LEAST(CASE WHEN last_accessed_at > 9223372036854775807 - idle_timeout_ms
                                   THEN 9223372036854775807
                                   ELSE last_accessed_at + idle_timeout_ms END,
                              absolute_expires_at)) STORED,
  version             bigint NOT NULL,
  -- Attribute name -> JSON value, as encoded by the session codec, for values jsonb keeps
  -- byte for byte (most of them).
  attributes          jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Attribute name -> JSON string holding the exact encoded text, for values jsonb would
  -- rewrite (whitespace, unsorted object keys, \u escapes, exponents). An attribute is in
  -- exactly one of the two columns.
  attributes_verbatim jsonb NOT NULL DEFAULT '{}'::jsonb,
  CONSTRAINT "${table}_pkey" PRIMARY KEY (tenant, id_hash)
);

-- "Log out everywhere" and sessionsOf(principal).
CREATE INDEX "${table}_principal_idx" ON "${schema}"."${table}" (tenant, principal) WHERE principal IS NOT NULL;
-- The purge of expired sessions.
CREATE INDEX "${table}_expires_at_idx" ON "${schema}"."${table}" (expires_at);
-- The "sessions created in the last 24 h" statistic.
CREATE INDEX "${table}_created_at_idx" ON "${schema}"."${table}" (created_at);
