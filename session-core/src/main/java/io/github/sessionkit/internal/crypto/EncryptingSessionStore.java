package io.github.sessionkit.internal.crypto;

import io.github.sessionkit.ReencryptionReport;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.internal.crypto.AttributeCipher.UnreadableValueException;
import io.github.sessionkit.spi.FillOutcome;
import io.github.sessionkit.spi.ForwardingSessionStore;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts every attribute value before it reaches the wrapped store and decrypts it on the way
 * back (AES-256-GCM, see {@link AttributeCipher}), so no store module needs to know. The principal,
 * times and version stay clear: stores index and expire by them.
 *
 * <p>A value that cannot be decrypted (changed in the store, moved from another session, or written
 * with a key id this node lacks) makes its session a miss with a WARN naming the session handle,
 * the attribute and the key id, never the key; other sessions are unaffected.
 *
 * <p>Rotation: values are written with the newest key; a save of a session that still holds values
 * of an older key (or plain values) rewrites the whole session with the newest key, by a
 * compare-and-set on the version just written, so a concurrent change by another node is never
 * overwritten; {@link #reencryptAll()} does the same for every stored session. Thread-safe.
 */
public final class EncryptingSessionStore extends ForwardingSessionStore {

  private static final Logger log = LoggerFactory.getLogger(EncryptingSessionStore.class);
  private static final int REWRITE_ATTEMPTS = 3;

  private final AttributeCipher cipher;
  private final boolean acceptPlaintext;
  private final AtomicLong unreadable = new AtomicLong();

  /**
   * @param acceptPlaintext whether values stored before encryption was turned on are read as they
   *     are (for the migration window); if false they make their session a miss like a tampered
   *     value, as a plain value is exactly what an attacker with write access to the store could
   *     plant
   */
  public EncryptingSessionStore(
      SessionStore delegate, EncryptionKeys keys, boolean acceptPlaintext) {
    super(delegate);
    this.cipher = new AttributeCipher(keys);
    this.acceptPlaintext = acceptPlaintext;
  }

  /** Sessions read as a miss because a value could not be decrypted, since start. */
  public long unreadableSessions() {
    return unreadable.get();
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key) {
    return open(delegate().load(key));
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key, long minVersion) {
    return open(delegate().load(key, minVersion));
  }

  @Override
  public boolean insert(SessionRecord record) {
    return delegate().insert(seal(record));
  }

  @Override
  public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
    return merge(key, delta, true);
  }

  @Override
  public @Nullable SessionRecord mergeUnannounced(SessionKey key, SessionDelta delta) {
    return merge(key, delta, false);
  }

  /**
   * The delta's values are sealed; its base (plain values) is not passed on, so the store answers
   * with the stored session, which is opened here.
   */
  private @Nullable SessionRecord merge(SessionKey key, SessionDelta delta, boolean announce) {
    SessionDelta.Builder sealed =
        SessionDelta.builder(delta.lastAccessedAt(), delta.idleTimeoutMillis());
    delta.upserts().forEach((name, json) -> sealed.set(name, cipher.encrypt(key, name, json)));
    delta.removals().forEach(sealed::remove);
    if (delta.principalChanged()) {
      sealed.principal(delta.principal());
    }
    SessionRecord stored =
        announce
            ? delegate().merge(key, sealed.build())
            : delegate().mergeUnannounced(key, sealed.build());
    SessionRecord opened = open(stored);
    if (stored == null || opened == null || !needsRewrite(stored)) {
      return opened;
    }
    // An older key's values are still there: this save is their "next write".
    try {
      SessionRecord next = opened.toBuilder().version(stored.version() + 1).build();
      if (delegate().compareAndSet(stored.version(), seal(next)) == WriteOutcome.WRITTEN) {
        return next;
      }
    } catch (StoreException e) {
      log.debug(
          "re-encryption of session {} with key {} failed; its next write retries: {}",
          key.hash(),
          cipher.keys().primaryId(),
          e.toString());
    }
    return opened;
  }

  @Override
  public WriteOutcome compareAndSet(long expectedVersion, SessionRecord record) {
    return delegate().compareAndSet(expectedVersion, seal(record));
  }

  @Override
  public boolean putIfNewer(SessionRecord record) {
    return delegate().putIfNewer(seal(record));
  }

  @Override
  public FillOutcome fill(SessionRecord record) {
    return delegate().fill(seal(record));
  }

  /** The whole sealed record: the change's values would be sealed apart from the record's. */
  @Override
  public FillOutcome fill(SessionRecord record, SessionDelta change) {
    return delegate().fill(seal(record));
  }

  /**
   * Moves the session, then binds its values to the new key: they were encrypted for the old key,
   * so they are rewritten for the new one (one read and one compare-and-set; only the caller knows
   * the new id yet, so nothing races it but another rotation). If that rewrite fails, the session
   * under the new key cannot be read (a clean miss): the caller gets the store's exception and the
   * user signs in again.
   */
  @Override
  public boolean changeKey(SessionKey from, SessionKey to) {
    if (!delegate().changeKey(from, to)) {
      return false;
    }
    for (int attempt = 0; attempt < REWRITE_ATTEMPTS; attempt++) {
      SessionRecord moved = delegate().load(to);
      if (moved == null || moved.attributes().isEmpty()) {
        return true;
      }
      Map<String, String> plain = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : moved.attributes().entrySet()) {
        String value = e.getValue();
        try {
          plain.put(e.getKey(), decryptAt(from, e.getKey(), value));
        } catch (UnreadableValueException notFromTheOldKey) {
          try {
            plain.put(
                e.getKey(),
                decryptAt(to, e.getKey(), value)); // already rebound by an earlier attempt
          } catch (UnreadableValueException unreadableEither) {
            warn(to, e.getKey(), unreadableEither);
            return true; // left as it is: reads of it are a miss, as for any tampered session
          }
        }
      }
      SessionRecord rebound =
          moved.toBuilder().version(moved.version() + 1).attributes(plain).build();
      if (delegate().compareAndSet(moved.version(), seal(rebound)) != WriteOutcome.CONFLICT) {
        return true;
      }
    }
    return true;
  }

  /**
   * The sessions decrypted; one whose values cannot be decrypted is listed without attributes
   * rather than left out, so "log out everywhere" and the per-user limit still see and remove it
   * (it could become readable again if someone put its original bytes back).
   */
  @Override
  public List<SessionRecord> findByPrincipal(String tenant, String principal) {
    List<SessionRecord> opened = new ArrayList<>();
    for (SessionRecord record : delegate().findByPrincipal(tenant, principal)) {
      SessionRecord o = open(record);
      opened.add(o != null ? o : record.toBuilder().attributes(Map.of()).build());
    }
    return opened;
  }

  /**
   * Rewrites with the newest key every stored session that holds a value of an older key (or a
   * plain value), by compare-and-set, so sessions in use are never set back. Safe to run on several
   * nodes at once and to interrupt: a run only converts what is left.
   */
  public ReencryptionReport reencryptAll() {
    long[] counts = new long[3];
    delegate()
        .forEachKey(
            key -> {
              counts[0]++;
              for (int attempt = 0; attempt < REWRITE_ATTEMPTS; attempt++) {
                SessionRecord stored = delegate().load(key);
                if (stored == null || !needsRewrite(stored)) {
                  break;
                }
                SessionRecord opened = open(stored);
                if (opened == null) {
                  counts[2]++;
                  break;
                }
                WriteOutcome outcome =
                    delegate()
                        .compareAndSet(
                            stored.version(),
                            seal(opened.toBuilder().version(stored.version() + 1).build()));
                if (outcome == WriteOutcome.WRITTEN) {
                  counts[1]++;
                }
                if (outcome != WriteOutcome.CONFLICT) {
                  break;
                }
              }
              return true;
            });
    log.info(
        "re-encryption with key {} done: {} sessions visited, {} rewritten, {} unreadable",
        cipher.keys().primaryId(),
        counts[0],
        counts[1],
        counts[2]);
    return new ReencryptionReport(counts[0], counts[1], counts[2]);
  }

  private boolean needsRewrite(SessionRecord stored) {
    String primary = cipher.keys().primaryId();
    for (String value : stored.attributes().values()) {
      if (!primary.equals(AttributeCipher.keyIdOf(value))) {
        return true;
      }
    }
    return false;
  }

  private SessionRecord seal(SessionRecord record) {
    if (record.attributes().isEmpty()) {
      return record;
    }
    Map<String, String> sealed = new LinkedHashMap<>(record.attributes().size() * 2);
    record
        .attributes()
        .forEach((name, json) -> sealed.put(name, cipher.encrypt(record.key(), name, json)));
    return record.toBuilder().attributesTrusted(sealed).build();
  }

  private @Nullable SessionRecord open(@Nullable SessionRecord stored) {
    if (stored == null || stored.attributes().isEmpty()) {
      return stored;
    }
    Map<String, String> plain = new LinkedHashMap<>(stored.attributes().size() * 2);
    for (Map.Entry<String, String> e : stored.attributes().entrySet()) {
      try {
        plain.put(e.getKey(), decryptAt(stored.key(), e.getKey(), e.getValue()));
      } catch (UnreadableValueException problem) {
        unreadable.incrementAndGet();
        warn(stored.key(), e.getKey(), problem);
        return null;
      }
    }
    return stored.toBuilder().attributesTrusted(plain).build();
  }

  private String decryptAt(SessionKey key, String name, String value) {
    if (acceptPlaintext && !AttributeCipher.isEncrypted(value)) {
      return value;
    }
    return cipher.decrypt(key, name, value);
  }

  private void warn(SessionKey key, String attribute, UnreadableValueException problem) {
    log.warn(
        "session {} in store {}: attribute '{}' {}{}: the session is treated as absent",
        key.hash(),
        delegate().name(),
        attribute,
        problem.getMessage(),
        problem.keyId() == null ? "" : " (key id " + problem.keyId() + ")");
  }

  /** The wrapped store, and which key ids are in use (never the keys). */
  @Override
  public String toString() {
    List<String> ids = cipher.keys().ids();
    return delegate()
        + " (attributes encrypted with key "
        + ids.get(0)
        + ", decrypting "
        + ids
        + ")";
  }
}
