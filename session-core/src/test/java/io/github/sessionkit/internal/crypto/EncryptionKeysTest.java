package io.github.sessionkit.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.Settings;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key setting's rules and messages, and the cipher's binding of a value to its place. */
class EncryptionKeysTest {

  private static final String KEY_A =
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  private static final String KEY_B =
      Base64.getUrlEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

  @Test
  void theFirstKeyEncryptsAndAllAreKeptButNeverPrinted() {
    EncryptionKeys keys =
        EncryptionKeys.parse("SESSION_ENCRYPTION_KEYS", " k2:" + KEY_B + " , k1:" + KEY_A);
    assertThat(keys.primaryId()).isEqualTo("k2");
    assertThat(keys.ids()).containsExactly("k2", "k1");
    assertThat(keys.toString()).isEqualTo("EncryptionKeys{encrypts=k2, decrypts=[k2, k1]}");
  }

  @Test
  void wrongEntriesAreNamedByPositionAndIdWithoutTheirKey() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[20]);
    assertThatThrownBy(
            () ->
                EncryptionKeys.parse("SESSION_ENCRYPTION_KEYS", "k1:" + KEY_A + ",k0:" + shortKey))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "SESSION_ENCRYPTION_KEYS='****' is not valid: entry 2 of 2 (id 'k0') has a key of 20"
                + " bytes, not 32")
        .hasMessageNotContaining(shortKey)
        .hasMessageNotContaining(KEY_A);
    assertThatThrownBy(() -> EncryptionKeys.parse("SESSION_ENCRYPTION_KEYS", KEY_A))
        .hasMessageContaining("entry 1 of 1 has no ':'")
        .hasMessageNotContaining(KEY_A);
    assertThatThrownBy(() -> EncryptionKeys.parse("SESSION_ENCRYPTION_KEYS", KEY_A + ":" + KEY_A))
        .hasMessageContaining("key id of 44 characters")
        .hasMessageNotContaining(KEY_A);
    assertThatThrownBy(
            () -> EncryptionKeys.parse("SESSION_ENCRYPTION_KEYS", "k1:" + KEY_A + ",k1:" + KEY_B))
        .hasMessageContaining("(id 'k1') repeats a key id");
    assertThatThrownBy(() -> EncryptionKeys.parse("SESSION_ENCRYPTION_KEYS", "k1:not*base64"))
        .hasMessageContaining("(id 'k1') has a key that is not base64");
    assertThatThrownBy(
            () ->
                SessionManager.builder()
                    .settings(Settings.of(Map.of("SESSION_ENCRYPTION_KEYS", "k1:" + KEY_A + "x"))))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo("SESSION_ENCRYPTION_KEYS"))
        .hasMessageNotContaining(KEY_A);
    assertThatThrownBy(() -> SessionManager.builder().encryptionKeys("k1:" + KEY_A.substring(4)))
        .hasMessageStartingWith("encryptionKeys='****'");
  }

  @Test
  void aValueDecryptsOnlyInItsOwnSessionAttributeAndTenantWithAKnownKey() {
    AttributeCipher cipher = new AttributeCipher(EncryptionKeys.parse("k", "k1:" + KEY_A));
    SessionKey key = SessionKey.forId("t1", "a".repeat(43));
    String sealed = cipher.encrypt(key, "cart", "[\"book\"]");
    assertThat(AttributeCipher.keyIdOf(sealed)).isEqualTo("k1");
    assertThat(sealed).startsWith("\"skenc1:k1:").endsWith("\"").doesNotContain("book");
    assertThat(cipher.encrypt(key, "cart", "[\"book\"]"))
        .as("a fresh nonce each time")
        .isNotEqualTo(sealed);
    assertThat(cipher.decrypt(key, "cart", sealed)).isEqualTo("[\"book\"]");

    assertThatThrownBy(() -> cipher.decrypt(SessionKey.forId("t1", "b".repeat(43)), "cart", sealed))
        .hasMessageContaining("fails authentication");
    assertThatThrownBy(() -> cipher.decrypt(key, "theme", sealed))
        .hasMessageContaining("fails authentication");
    assertThatThrownBy(() -> cipher.decrypt(SessionKey.forId("t2", "a".repeat(43)), "cart", sealed))
        .hasMessageContaining("fails authentication");
    assertThatThrownBy(
            () -> cipher.decrypt(key, "cart", sealed.replace("skenc1:k1:", "skenc1:k9:")))
        .hasMessageContaining("key id this node does not have");
    AttributeCipher otherKeys = new AttributeCipher(EncryptionKeys.parse("k", "k1:" + KEY_B));
    assertThatThrownBy(() -> otherKeys.decrypt(key, "cart", sealed))
        .hasMessageContaining("fails authentication");
    assertThatThrownBy(() -> cipher.decrypt(key, "cart", "[\"book\"]"))
        .hasMessageContaining("is not encrypted");
    assertThatThrownBy(() -> cipher.decrypt(key, "cart", "\"skenc1:k1:AAAA\""))
        .hasMessageContaining("too short");
  }
}
