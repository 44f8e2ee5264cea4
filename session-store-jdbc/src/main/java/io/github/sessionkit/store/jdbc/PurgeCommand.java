package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.SessionException;
import io.github.sessionkit.spi.Settings;
import java.io.PrintStream;
import java.time.Clock;

/**
 * Deletes expired sessions from the PostgreSQL table once and exits: the entry point for a cron job
 * ({@code java -cp ... io.github.sessionkit.store.jdbc.PurgeCommand [--max N]}).
 *
 * <p>Reads {@code DATABASE_URL} (or, if unset, {@code JDBC_URL}) and the {@code SESSION_JDBC_*}
 * settings ({@link JdbcStoreSettings}) from the environment; never creates or migrates the table.
 * Prints how many sessions it removed and exits 0; on failure prints one clear line to standard
 * error and exits 1 (2 for wrong arguments). Safe to run on many machines at once, and beside the
 * purges the application runs itself.
 */
public final class PurgeCommand {

  /** Sessions asked for per {@code purgeExpired} call, to bound the memory the results take. */
  private static final int CHUNK = 10_000;

  private PurgeCommand() {}

  /** Runs the purge with the process environment and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, Settings.fromEnvironment(), Clock.systemUTC(), System.out, System.err));
  }

  /** The command without {@code System.exit}: returns the exit status. */
  static int run(String[] args, Settings env, Clock clock, PrintStream out, PrintStream err) {
    long max = Long.MAX_VALUE;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        out.println(usage());
        return 0;
      }
      if (arg.equals("--max") && i + 1 < args.length) {
        try {
          max = Long.parseLong(args[++i]);
        } catch (NumberFormatException e) {
          max = -1;
        }
        if (max < 1) {
          err.println(
              "sessionkit purge: --max needs a positive whole number, got '" + args[i] + "'");
          return 2;
        }
      } else {
        err.println("sessionkit purge: unknown argument '" + arg + "'\n" + usage());
        return 2;
      }
    }
    String urlSetting = env.get("DATABASE_URL").isPresent() ? "DATABASE_URL" : "JDBC_URL";
    if (env.get(urlSetting).isEmpty()) {
      err.println(
          "sessionkit purge: set DATABASE_URL (postgresql://user:password@host:5432/db) or JDBC_URL"
              + " (jdbc:postgresql://host:5432/db) to the database that holds the sessions");
      return 1;
    }
    long started = System.nanoTime();
    try (JdbcSessionStore store =
        JdbcSessionStore.builder()
            .url(urlSetting, env.get(urlSetting).orElseThrow())
            .settings(env)
            .clock(clock)
            .migrate(false)
            .build()) {
      long now = clock.millis();
      long total = 0;
      while (total < max) {
        int asked = (int) Math.min(CHUNK, max - total);
        int purged = store.purgeExpired(now, asked).size();
        total += purged;
        if (purged < asked) {
          break;
        }
      }
      out.println(
          "Purged "
              + total
              + " expired session"
              + (total == 1 ? "" : "s")
              + " from "
              + store.tableName()
              + " in "
              + (System.nanoTime() - started) / 1_000_000
              + " ms");
      return 0;
    } catch (SessionException | IllegalStateException e) {
      err.println("sessionkit purge failed: " + e.getMessage());
      return 1;
    }
  }

  private static String usage() {
    return "Usage: PurgeCommand [--max N]\n"
        + "Deletes expired sessions (at most N) from the sessionkit PostgreSQL table.\n"
        + "Environment: DATABASE_URL or JDBC_URL, and optional SESSION_JDBC_* settings"
        + " ("
        + JdbcStoreSettings.SCHEMA.name()
        + ", "
        + JdbcStoreSettings.TABLE.name()
        + ", "
        + JdbcStoreSettings.PURGE_BATCH_SIZE.name()
        + ", timeouts).";
  }
}
