package io.github.sessionkit.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionCodec;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.store.memory.MemorySessionStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The 1 KB session is exactly 1,024 bytes of names and encoded values. */
class KilobyteSessionTest {

  @Test
  void namesAndEncodedValuesTotalExactly1024Bytes() {
    SessionCodec codec = SessionCodec.json();
    RandomGenerator random = new SplittableRandom(1);
    String profile = KilobyteSession.profile(random);

    long total =
        bytes("profile")
            + bytes(codec.encode("profile", profile))
            + bytes("cart")
            + bytes(codec.encode("cart", KilobyteSession.CART))
            + bytes("theme")
            + bytes(codec.encode("theme", KilobyteSession.THEME));

    assertThat(total).isEqualTo(KilobyteSession.ENCODED_BYTES).isEqualTo(1024);
    assertThat(codec.encode("profile", profile)).hasSize(KilobyteSession.PROFILE_CHARS + 2);
    assertThat(codec.encode("cart", KilobyteSession.CART)).isEqualTo("[\"book\",\"pen\",\"lamp\"]");
  }

  @Test
  void aStoredSessionHoldsThoseBytes() {
    try (SessionManager manager =
        SessionManager.builder().store(MemorySessionStore.builder().build()).build()) {
      Session session = manager.create("user1");
      KilobyteSession.fill(session, new SplittableRandom(2));
      manager.save(session);

      SessionRecord record = manager.store().load(SessionKey.forId(manager.tenant(), session.id()));

      long total = 0;
      for (Map.Entry<String, String> e : record.attributes().entrySet()) {
        total += bytes(e.getKey()) + bytes(e.getValue());
      }
      assertThat(total).isEqualTo(1024);
    }
  }

  @Test
  void profilesAreRandomAndNeedNoEscaping() {
    RandomGenerator random = new SplittableRandom(3);
    String a = KilobyteSession.profile(random);
    String b = KilobyteSession.profile(random);

    assertThat(a).hasSize(979).matches("[A-Za-z0-9_-]+").isNotEqualTo(b);
    assertThat(a.chars().distinct().count()).isGreaterThan(60);
  }

  private static long bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
