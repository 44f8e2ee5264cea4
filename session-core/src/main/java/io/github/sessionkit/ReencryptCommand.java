package io.github.sessionkit;

/**
 * Re-encrypts every stored session with the newest key of {@code SESSION_ENCRYPTION_KEYS}, for
 * an operator or a cron job after a key rotation: {@code java -cp <classpath>
 * io.github.sessionkit.ReencryptCommand} with the application's environment (the store
 * settings and the keys, the newest first). Prints what it did; exits with 1 when sessions
 * could not be read (then keep the old keys and look at the WARN lines), 2 on an error.
 */
public final class ReencryptCommand {

  private ReencryptCommand() {}

  /** Runs the re-encryption; takes no arguments. */
  public static void main(String[] args) {
    int status;
    try (SessionManager sessions = SessionManager.builder().settings(io.github.sessionkit.spi.Settings.fromEnvironment())
        .automaticPurge(false).build()) {
      ReencryptionReport report = sessions.reencrypt();
      System.out.println("re-encrypted " + report.rewritten() + " of " + report.visited() + " sessions; "
          + report.unreadable() + " unreadable");
      status = report.unreadable() == 0 ? 0 : 1;
    } catch (SessionException e) {
      // Messages of the library never hold a secret (keys and passwords are masked).
      System.err.println("re-encryption failed: " + e.getMessage());
      status = 2;
    }
    System.exit(status);
  }
}
