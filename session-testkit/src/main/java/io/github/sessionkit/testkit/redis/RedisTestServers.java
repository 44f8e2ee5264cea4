package io.github.sessionkit.testkit.redis;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Redis server a test JVM shares: the one named by the environment variable {@value
 * #URL_VARIABLE} when it is set (an external server the tests must be allowed to write to; they
 * only touch keys under their own random prefixes), else one embedded {@link RedisProcess} started
 * on first use and stopped when the JVM exits.
 *
 * <p>Tests that stop, restart or reconfigure a server must start their own {@link RedisProcess}
 * instead. Thread-safe.
 */
public final class RedisTestServers {

  /** The environment variable naming an external server, e.g. {@code redis://localhost:6379/15}. */
  public static final String URL_VARIABLE = "SESSIONKIT_TEST_REDIS_URL";

  private static @Nullable RedisProcess shared;

  private RedisTestServers() {}

  /** The external server's URL, if {@value #URL_VARIABLE} is set. */
  public static Optional<String> externalUrl() {
    String value = System.getenv(URL_VARIABLE);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** The URL of the shared standalone server: external if configured, else embedded. */
  public static synchronized String standaloneUrl() {
    Optional<String> external = externalUrl();
    if (external.isPresent()) {
      return external.get();
    }
    if (shared == null || !shared.isRunning()) {
      shared = RedisProcess.startDefault();
    }
    return shared.url();
  }
}
