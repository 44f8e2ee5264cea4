package io.github.sessionkit;

import io.github.sessionkit.spi.Settings;
import java.io.PrintStream;

/**
 * Re-encrypts every stored session with the newest key of {@code SESSION_ENCRYPTION_KEYS}, for an
 * operator or a cron job after a key rotation: {@code java -cp <classpath>
 * io.github.sessionkit.ReencryptCommand} with the application's environment (the store settings and
 * the keys, the newest first). Prints what it did; exits with 0 when every session is readable with
 * the keys given, 1 when some could not be read (keep the old keys and look at the WARN lines), 2
 * on an error.
 */
public final class ReencryptCommand {

  private ReencryptCommand() {}

  /** Runs the re-encryption on the environment's settings; takes no arguments. */
  public static void main(String[] args) {
    System.exit(run(Settings.fromEnvironment(), System.out, System.err));
  }

  /** The command on the given settings; returns the exit status. */
  static int run(Settings settings, PrintStream out, PrintStream err) {
    try (SessionManager sessions =
        SessionManager.builder().settings(settings).automaticPurge(false).build()) {
      ReencryptionReport report = sessions.reencrypt();
      out.println(
          "re-encrypted "
              + report.rewritten()
              + " of "
              + report.visited()
              + " sessions with the newest key; "
              + report.unreadable()
              + " unreadable");
      return report.unreadable() == 0 ? 0 : 1;
    } catch (SessionException e) {
      // Messages of the library never hold a secret (keys and passwords are masked).
      err.println("re-encryption failed: " + e.getMessage());
      return 2;
    }
  }
}
