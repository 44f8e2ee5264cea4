package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** Records and keys for the Redis-specific tests. */
final class StoreTestSupport {

  private static final SecureRandom RANDOM = new SecureRandom();

  private StoreTestSupport() {}

  static String randomId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String randomTenant() {
    return "t" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
  }

  static SessionKey newKey(String tenant) {
    return SessionKey.forId(tenant, randomId());
  }

  static SessionRecord record(
      SessionKey key, String principal, Map<String, String> attributes, Clock clock) {
    long now = clock.millis();
    return SessionRecord.builder(key)
        .principal(principal)
        .createdAt(now)
        .lastAccessedAt(now)
        .idleTimeoutMillis(Duration.ofMinutes(30).toMillis())
        .absoluteExpiresAt(now + Duration.ofHours(8).toMillis())
        .attributes(attributes)
        .build();
  }

  /** Waits until the condition holds, for at most {@code timeout}. */
  static boolean eventually(Duration timeout, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}
