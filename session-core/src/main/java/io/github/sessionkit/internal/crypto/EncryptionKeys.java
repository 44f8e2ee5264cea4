package io.github.sessionkit.internal.crypto;

import io.github.sessionkit.ConfigurationException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys attribute values are encrypted with, each under an id: the first (newest)
 * encrypts, all decrypt. Parsed from {@code id:base64key,id:base64key}, newest first.
 *
 * <p>Key bytes are never printed: {@link #toString()} and every error message name only the ids and
 * the position of an entry. Immutable and thread-safe.
 */
public final class EncryptionKeys {

  /** What the setting must look like, for messages. */
  public static final String EXPECTED =
      "comma-separated id:key pairs, newest first, such as k2:<base64>,k1:<base64>, each id 1 to 32"
          + " characters of [A-Za-z0-9_.-] and each key 32 random bytes (256 bits) in base64 (for"
          + " example from: openssl rand -base64 32)";

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
  static final int KEY_BYTES = 32;

  private final String primaryId;
  private final Map<String, SecretKey> keys;

  private EncryptionKeys(String primaryId, Map<String, SecretKey> keys) {
    this.primaryId = primaryId;
    this.keys = keys;
  }

  /**
   * Parses the setting.
   *
   * @param setting the setting's name, for the error message (the value is never echoed)
   * @throws ConfigurationException naming the setting, the position and id of the wrong entry
   */
  public static EncryptionKeys parse(String setting, String value) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String[] entries = value.trim().split("\\s*,\\s*", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i];
      int colon = entry.indexOf(':');
      String where = "entry " + (i + 1) + " of " + entries.length;
      if (colon < 0) {
        throw invalid(setting, where + " has no ':' between the key id and the key");
      }
      String id = entry.substring(0, colon).trim();
      if (!KEY_ID.matcher(id).matches()) {
        // The id may be a key pasted in the wrong place: name only its length.
        throw invalid(
            setting,
            where
                + " has a key id of "
                + id.length()
                + " characters that is not 1 to 32 of [A-Za-z0-9_.-]");
      }
      where += " (id '" + id + "')";
      if (keys.containsKey(id)) {
        throw invalid(setting, where + " repeats a key id; every key needs its own id");
      }
      byte[] bytes;
      try {
        String encoded = entry.substring(colon + 1).trim();
        bytes =
            encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0
                ? Base64.getUrlDecoder().decode(encoded)
                : Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw invalid(setting, where + " has a key that is not base64");
      }
      if (bytes.length != KEY_BYTES) {
        throw invalid(
            setting, where + " has a key of " + bytes.length + " bytes, not " + KEY_BYTES);
      }
      keys.put(id, new SecretKeySpec(bytes, "AES"));
    }
    return new EncryptionKeys(keys.keySet().iterator().next(), Map.copyOf(keys));
  }

  private static ConfigurationException invalid(String setting, String problem) {
    return new ConfigurationException(
        setting, setting + "='****' is not valid: " + problem + "; expected " + EXPECTED);
  }

  /** The id of the key new values are encrypted with. */
  public String primaryId() {
    return primaryId;
  }

  SecretKey primary() {
    return Objects.requireNonNull(keys.get(primaryId), "the primary key is one of the keys");
  }

  /** The key of an id, or null when this set does not hold it. */
  @org.jspecify.annotations.Nullable
  SecretKey key(String id) {
    return keys.get(id);
  }

  /** Every id, the primary first. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    ids.add(primaryId);
    keys.keySet().stream().filter(id -> !id.equals(primaryId)).sorted().forEach(ids::add);
    return ids;
  }

  /** Ids only, never key bytes. */
  @Override
  public String toString() {
    return "EncryptionKeys{encrypts=" + primaryId + ", decrypts=" + ids() + "}";
  }
}
