-- sessionkit PostgreSQL store, schema version 4: cache generations.
-- A tiered store keeps here, per cache tier above this table (for example "redis"), the
-- identity of that cache's current dataset (Redis run ids) and a generation number. The first
-- node to see a new identity (a restart from a snapshot, a failover) advances the generation;
-- cache entries written in an older generation then read as misses on every node.
CREATE TABLE "${schema}"."${table}_cache_generations" (
  cache      text   PRIMARY KEY,
  identity   text   NOT NULL,
  generation bigint NOT NULL CHECK (generation >= 1)
);
