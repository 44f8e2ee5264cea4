package io.github.sessionkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

  private final SessionIds ids = new SessionIds();

  @Test
  void idsAre256BitsOfUrlSafeBase64WithoutPadding() {
    String id = ids.next();
    assertThat(id).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(id)).hasSize(32);
    assertThat(SessionIds.isValid(id)).isTrue();
  }

  @Test
  void idsDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(ids.next())).isTrue();
    }
  }

  @Test
  void everyGeneratedIdValidates() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(SessionIds.isValid(ids.next())).isTrue();
    }
  }

  @Test
  void anythingButTheCanonicalFormIsRejected() {
    String id = ids.next();
    assertThat(SessionIds.isValid(null)).isFalse();
    assertThat(SessionIds.isValid("")).isFalse();
    assertThat(SessionIds.isValid(id + "=")).isFalse();
    assertThat(SessionIds.isValid(id.substring(1))).isFalse();
    assertThat(SessionIds.isValid(id.substring(0, 20) + "+" + id.substring(21))).isFalse();
    assertThat(SessionIds.isValid(id.substring(0, 20) + "/" + id.substring(21))).isFalse();
    assertThat(SessionIds.isValid(id.substring(0, 20) + "\u0000" + id.substring(21))).isFalse();
    assertThat(SessionIds.isValid(id.substring(0, 20) + "é" + id.substring(21))).isFalse();
    // A non-canonical last character decodes to the same bytes: refused, so one session has one id.
    assertThat(SessionIds.isValid(id.substring(0, 42) + "B")).isFalse();
    assertThat(SessionIds.isValid(id.substring(0, 42) + "A")).isTrue();
  }

  @Test
  void hugeInputIsRejectedByLengthAlone() {
    String huge = "A".repeat(10_000_000);
    long start = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      assertThat(SessionIds.isValid(huge)).isFalse();
    }
    assertThat(System.nanoTime() - start)
        .as("1000 checks of a 10 MB string")
        .isLessThan(1_000_000_000L);
  }
}
