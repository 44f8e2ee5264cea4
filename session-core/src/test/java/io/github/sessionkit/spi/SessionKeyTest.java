package io.github.sessionkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.internal.SessionIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionKeyTest {

  @Test
  void theKeyIsTheSha256OfTheIdAndNeverContainsIt() throws Exception {
    String id = new SessionIds().next();
    SessionKey key = SessionKey.forId("acme", id);

    byte[] expected =
        MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
    assertThat(Base64.getUrlDecoder().decode(key.hash())).isEqualTo(expected);
    assertThat(key.hash())
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected))
        .hasSize(43);
    assertThat(key.toString()).isEqualTo("acme:" + key.hash()).doesNotContain(id);
    assertThat(key.tenant()).isEqualTo("acme");
  }

  @Test
  void keysRebuiltFromStoredPartsAreEqual() {
    SessionKey key = SessionKey.forId("acme", new SessionIds().next());
    SessionKey rebuilt = SessionKey.of(key.tenant(), key.hash());
    assertThat(rebuilt).isEqualTo(key).hasSameHashCodeAs(key);
    assertThat(SessionKey.of("other", key.hash())).isNotEqualTo(key);
  }

  @Test
  void malformedStoredPartsAreRejected() {
    assertThatThrownBy(() -> SessionKey.of("acme", "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'short'");
    assertThatThrownBy(() -> SessionKey.of("bad tenant", "x".repeat(43)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant")
        .hasMessageContaining("'bad tenant'");
    assertThatThrownBy(() -> SessionKey.forId("", "id"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionKey.forId("x".repeat(65), "id"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tenantNames() {
    assertThat(SessionKey.isValidTenant("acme")).isTrue();
    assertThat(SessionKey.isValidTenant("acme-eu_1.prod")).isTrue();
    assertThat(SessionKey.isValidTenant("-acme")).isFalse();
    assertThat(SessionKey.isValidTenant("acme:eu")).isFalse();
    assertThat(SessionKey.isValidTenant("{acme}")).isFalse();
    assertThat(SessionKey.isValidTenant(null)).isFalse();
  }
}
