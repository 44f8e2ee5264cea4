package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.ConfigurationException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The validated schema and table names and every SQL statement the store runs on them.
 *
 * <p>Names are the only text ever put into SQL; they are checked against a strict pattern first and
 * quoted, and everything else is a named bind parameter ({@code :tenant}), bound by Jdbi.
 */
final class SessionTable {

  /** Lower-case PostgreSQL identifiers, short enough that derived names stay under 63 bytes. */
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,47}");
  static final String IDENTIFIER_RULE_SCHEMA =
      "a lower-case SQL identifier: 1 to 63 characters of [a-z0-9_], not starting with a digit";
  static final String IDENTIFIER_RULE_TABLE =
      "a lower-case SQL identifier: 1 to 48 characters of [a-z0-9_], not starting with a digit";

  private static final String COLUMNS =
      "principal, created_at, last_accessed_at, idle_timeout_ms, absolute_expires_at, version,"
          + " attributes, attributes_verbatim";

  final String schema;
  final String table;

  /** {@code "schema"."table"}. */
  final String qualified;

  /** {@code "schema"."table_schema_history"}. */
  final String history;

  final String load;
  final String insert;
  final String merge;
  final String mergeUnannounced;
  final String compareAndSet;
  final String putIfNewer;
  final String touch;
  final String changeKey;
  final String delete;
  final String findByPrincipal;
  final String purge;
  final String stats;
  final String keysAfter;
  final String advanceGeneration;
  final String currentGeneration;
  final String announceStale;

  SessionTable(String schema, String table) {
    this.schema = requireSchemaName(JdbcStoreSettings.SCHEMA.name(), schema);
    this.table = requireTableName(JdbcStoreSettings.TABLE.name(), table);
    this.qualified = quote(schema) + "." + quote(table);
    this.history = quote(schema) + "." + quote(table + "_schema_history");
    String t = qualified;
    String generations = quote(schema) + "." + quote(table + "_cache_generations");
    // A new identity advances the generation; the same identity changes nothing and returns no
    // row, so every node reporting it reads the one generation the first one recorded.
    advanceGeneration =
        "INSERT INTO "
            + generations
            + " AS g (cache, identity, generation) VALUES (:cache, :identity, 1) ON CONFLICT"
            + " (cache) DO UPDATE SET identity = EXCLUDED.identity, generation = g.generation + 1"
            + " WHERE g.identity <> EXCLUDED.identity RETURNING generation";
    currentGeneration = "SELECT generation FROM " + generations + " WHERE cache = :cache";
    String live = "tenant = :tenant AND id_hash = :hash AND expires_at > :now";

    load = "SELECT " + COLUMNS + " FROM " + t + " WHERE " + live;

    String upsertColumns =
        "INSERT INTO "
            + t
            + " AS s (tenant, id_hash, "
            + COLUMNS
            + ") VALUES (:tenant, :hash, :principal, :createdAt, :lastAccessedAt, :idleTimeout,"
            + " :absoluteExpiresAt, :version, :attributes::jsonb, :verbatim::jsonb) ON CONFLICT"
            + " (tenant, id_hash) DO UPDATE SET principal = EXCLUDED.principal, created_at ="
            + " EXCLUDED.created_at, last_accessed_at = EXCLUDED.last_accessed_at, idle_timeout_ms"
            + " = EXCLUDED.idle_timeout_ms, absolute_expires_at = EXCLUDED.absolute_expires_at,"
            + " version = EXCLUDED.version, attributes = EXCLUDED.attributes, attributes_verbatim ="
            + " EXCLUDED.attributes_verbatim";
    // An expired row still waiting for the purge counts as absent, so it may be replaced.
    insert = upsertColumns + " WHERE s.expires_at <= :now";
    putIfNewer = upsertColumns + " WHERE s.version < EXCLUDED.version OR s.expires_at <= :now";

    // One statement: attributes merged inside PostgreSQL, so concurrent deltas to different
    // attributes both survive; the row lock serialises them. Rows whose attributes are not an
    // object (corrupt) are treated as absent rather than failing the operator. In RETURNING the
    // columns hold the new values, so version - 1 is the version the merge found: when it is
    // the caller's base, the caller knows the attributes and they are not sent back.
    String mergeSet =
        "UPDATE "
            + t
            + " SET attributes = (attributes - :nativeRemovals::text[]) || :nativeUpserts::jsonb,"
            + " attributes_verbatim = (attributes_verbatim - :verbatimRemovals::text[]) ||"
            + " :verbatimUpserts::jsonb, last_accessed_at = GREATEST(last_accessed_at,"
            + " :lastAccessedAt), idle_timeout_ms = :idleTimeout, principal = CASE WHEN"
            + " :principalChanged::boolean THEN :principal::text ELSE principal END, version ="
            + " version + 1 WHERE "
            + live
            + " AND jsonb_typeof(attributes) = 'object' AND jsonb_typeof(attributes_verbatim) ="
            + " 'object'";
    String fromBase = "version - 1 = :baseVersion::bigint";
    String mergeReturning =
        " RETURNING principal, created_at, last_accessed_at, idle_timeout_ms, absolute_expires_at,"
            + " version, COALESCE("
            + fromBase
            + ", false) AS from_base,"
            + " CASE WHEN "
            + fromBase
            + " THEN NULL ELSE attributes END AS attributes,"
            + " CASE WHEN "
            + fromBase
            + " THEN NULL ELSE attributes_verbatim END AS attributes_verbatim";
    merge = mergeSet + mergeReturning;
    // The trigger's WHEN clause reads sessionkit.notify as the row is written; set_config(...,
    // true) in the WHERE clause switches it off for this statement's transaction only (autocommit:
    // this statement), evaluated for the row before it is updated. The connection's own setting
    // is back for its next statement.
    mergeUnannounced =
        mergeSet + " AND set_config('sessionkit.notify', 'off', true) = 'off'" + mergeReturning;

    // Both CTEs read the same snapshot; the UPDATE re-checks the version on the newest row
    // version, so a concurrent writer makes this one report CONFLICT rather than overwrite.
    compareAndSet =
        "WITH cur AS (SELECT version FROM "
            + t
            + " WHERE "
            + live
            + "),"
            + " upd AS (UPDATE "
            + t
            + " SET principal = :principal, created_at = :createdAt, last_accessed_at ="
            + " :lastAccessedAt, idle_timeout_ms = :idleTimeout, absolute_expires_at ="
            + " :absoluteExpiresAt, version = :version, attributes = :attributes::jsonb,"
            + " attributes_verbatim = :verbatim::jsonb WHERE "
            + live
            + " AND version = :expectedVersion RETURNING 1)"
            + " SELECT (SELECT count(*) FROM upd) AS written, (SELECT count(*) FROM cur) AS found";

    touch =
        "UPDATE "
            + t
            + " SET last_accessed_at = GREATEST(last_accessed_at, :lastAccessedAt) WHERE "
            + live;
    changeKey = "UPDATE " + t + " SET tenant = :toTenant, id_hash = :toHash WHERE " + live;
    delete =
        "DELETE FROM " + t + " WHERE tenant = :tenant AND id_hash = :hash RETURNING expires_at";
    findByPrincipal =
        "SELECT id_hash, "
            + COLUMNS
            + " FROM "
            + t
            + " WHERE tenant = :tenant AND principal = :principal ORDER BY created_at, id_hash";

    // SKIP LOCKED lets every pod purge at once: each takes rows no one else holds, never
    // waits, so never deadlocks, and a row is deleted by exactly one purger. MATERIALIZED
    // keeps the locking subquery from being re-run by the join. The index is on whole minutes
    // (schema version 5, so that writes stay HOT updates); expires_at decides.
    purge =
        "WITH victims AS MATERIALIZED (SELECT tenant, id_hash FROM "
            + t
            + " WHERE expires_minute <= :now / 60000 AND expires_at <= :now ORDER BY expires_minute"
            + " LIMIT :batch FOR UPDATE SKIP LOCKED)"
            + " DELETE FROM "
            + t
            + " s USING victims v WHERE s.tenant = v.tenant AND s.id_hash = v.id_hash"
            + " RETURNING s.tenant, s.id_hash, s.principal, s.expires_at";

    stats =
        "SELECT count(*) AS total, count(*) FILTER (WHERE expires_at > :now) AS live,"
            + " count(*) FILTER (WHERE created_at >= :createdSince) AS created FROM "
            + t;
    announceStale = "SELECT pg_notify(:channel, :payload)";
    keysAfter =
        "SELECT tenant, id_hash FROM "
            + t
            + " WHERE (tenant, id_hash) > (:tenant, :idHash)"
            + " ORDER BY tenant, id_hash LIMIT :limit";
  }

  static String requireSchemaName(String setting, @Nullable String name) {
    if (name == null || !SCHEMA_NAME.matcher(name).matches()) {
      throw ConfigurationException.invalid(setting, shown(name), IDENTIFIER_RULE_SCHEMA);
    }
    return name;
  }

  static String requireTableName(String setting, @Nullable String name) {
    if (name == null || !TABLE_NAME.matcher(name).matches()) {
      throw ConfigurationException.invalid(setting, shown(name), IDENTIFIER_RULE_TABLE);
    }
    return name;
  }

  private static @Nullable String shown(@Nullable String name) {
    if (name == null) {
      return null;
    }
    return name.length() <= 80 ? name : name.substring(0, 80) + "... (" + name.length() + " chars)";
  }

  /** Names are validated, so quoting is only to keep reserved words usable. */
  static String quote(String identifier) {
    return '"' + identifier + '"';
  }

  /** {@code schema.table} for messages. */
  String displayName() {
    return schema + "." + table;
  }
}
