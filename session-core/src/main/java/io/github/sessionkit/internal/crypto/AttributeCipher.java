package io.github.sessionkit.internal.crypto;

import io.github.sessionkit.spi.SessionKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * AES-256-GCM of one attribute value. The stored form is a JSON string, so every store keeps it as
 * it keeps any value (PostgreSQL's JSONB included): {@code "skenc1:<key id>:<base64url of 12-byte
 * nonce, ciphertext, 16-byte tag>"}.
 *
 * <p>The additional authenticated data binds the value to its place: format version, tenant,
 * session key hash, attribute name and key id. A value copied to another session, another attribute
 * or another tenant fails to decrypt, as does any changed byte. Nonces are 96 random bits per
 * encryption (NIST SP 800-38D's limit of 2^32 encryptions per key is far beyond a key's life under
 * rotation). Thread-safe.
 */
final class AttributeCipher {

  static final String PREFIX = "skenc1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] CONTEXT =
      "sessionkit attribute v1".getBytes(StandardCharsets.US_ASCII);

  private static final ThreadLocal<Cipher> CIPHERS =
      ThreadLocal.withInitial(AttributeCipher::newCipher);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final EncryptionKeys keys;
  private final SecureRandom random = new SecureRandom();

  AttributeCipher(EncryptionKeys keys) {
    this.keys = keys;
  }

  EncryptionKeys keys() {
    return keys;
  }

  /** Whether a stored value is in the encrypted form (of any key). */
  static boolean isEncrypted(String stored) {
    return stored.length() > PREFIX.length() + 2
        && stored.charAt(0) == '"'
        && stored.startsWith(PREFIX, 1)
        && stored.charAt(stored.length() - 1) == '"';
  }

  /** The key id of an encrypted value, or null when the value is not in the encrypted form. */
  static @Nullable String keyIdOf(String stored) {
    if (!isEncrypted(stored)) {
      return null;
    }
    int end = stored.indexOf(':', 1 + PREFIX.length());
    return end < 0 ? null : stored.substring(1 + PREFIX.length(), end);
  }

  /**
   * Encrypts a value's JSON text with the primary key, for the attribute {@code name} of {@code
   * key}.
   */
  String encrypt(SessionKey key, String name, String json) {
    String keyId = keys.primaryId();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] plain = json.getBytes(StandardCharsets.UTF_8);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, keys.primary(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(key, name, keyId));
      byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      cipher.doFinal(plain, 0, plain.length, out, NONCE_BYTES);
      return '"' + PREFIX + keyId + ':' + ENCODER.encodeToString(out) + '"';
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts a stored value written by {@link #encrypt} for the attribute {@code name} of {@code
   * key}.
   *
   * @throws UnreadableValueException if the value's key id is unknown or the value was changed,
   *     moved or is not of the encrypted form
   */
  String decrypt(SessionKey key, String name, String stored) {
    String keyId = keyIdOf(stored);
    if (keyId == null) {
      throw new UnreadableValueException(null, "is not encrypted");
    }
    SecretKey secret = keys.key(keyId);
    if (secret == null) {
      throw new UnreadableValueException(
          keyId, "is encrypted with a key id this node does not have");
    }
    byte[] sealed;
    try {
      sealed =
          DECODER.decode(
              stored.substring(1 + PREFIX.length() + keyId.length() + 1, stored.length() - 1));
    } catch (IllegalArgumentException e) {
      throw new UnreadableValueException(keyId, "is not valid base64");
    }
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new UnreadableValueException(keyId, "is too short to be a ciphertext");
    }
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(
          Cipher.DECRYPT_MODE, secret, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(aad(key, name, keyId));
      byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new UnreadableValueException(
          keyId, "fails authentication (changed, or moved from another session or attribute)");
    } catch (GeneralSecurityException e) {
      throw new UnreadableValueException(
          keyId, "cannot be decrypted (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static byte[] aad(SessionKey key, String name, String keyId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    for (byte[] part :
        new byte[][] {
          CONTEXT,
          key.tenant().getBytes(StandardCharsets.UTF_8),
          key.hash().getBytes(StandardCharsets.US_ASCII),
          name.getBytes(StandardCharsets.UTF_8),
          keyId.getBytes(StandardCharsets.US_ASCII)
        }) {
      // Length-prefixed, so no two different (tenant, name) pairs give the same bytes.
      out.write(part.length >>> 24);
      out.write(part.length >>> 16);
      out.write(part.length >>> 8);
      out.write(part.length);
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is required by every Java platform", e);
    }
  }

  /** A stored value that cannot be read; carries the key id (never the key) for the warning. */
  static final class UnreadableValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final @Nullable String keyId;

    UnreadableValueException(@Nullable String keyId, String problem) {
      super(problem, null, false, false);
      this.keyId = keyId;
    }

    @Nullable String keyId() {
      return keyId;
    }
  }
}
