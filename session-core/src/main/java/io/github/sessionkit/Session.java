package io.github.sessionkit;

import io.github.sessionkit.internal.StoredText;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.Settings;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One user's session as seen by one request: id, principal, tenant, typed attributes, timestamps
 * and version.
 *
 * <p>A {@code Session} is a working copy: changes are tracked here and written by {@link
 * SessionManager#save(Session)}, which writes only what changed. Values are encoded when {@link
 * #put put} (so a value that cannot be stored fails there, not at save) and decoded on every {@link
 * #get get}; a decoded object is a copy, so call {@code put} again after changing it.
 *
 * <p>Not thread-safe: use one instance per request. Two requests for the same session on different
 * threads or nodes each get their own instance; their saves merge attribute by attribute, and the
 * later save wins for an attribute both changed.
 */
public final class Session {

  private static final int MAX_NAME_LENGTH = 256;

  private final SessionSettings settings;
  private String id;
  private SessionKey key;
  private @Nullable String principal;
  private boolean principalChanged;
  private final long createdAt;
  private long lastAccessedAt;
  private final long previousAccessAt;
  private long idleTimeoutMillis;
  private boolean idleTimeoutChanged;
  private final long absoluteExpiresAt;
  private long version;
  private boolean isNew;
  private boolean invalidated;
  private boolean touchDeferred;
  private Map<String, String> stored;

  /** The record {@link #stored} and {@link #version} came from; null until first saved. */
  private @Nullable SessionRecord base;

  private @Nullable Map<String, String> upserts;
  private @Nullable Set<String> removals;
  private long size;

  /** A new, unsaved session. */
  Session(
      SessionSettings settings, String id, SessionKey key, @Nullable String principal, long now) {
    this.settings = settings;
    this.id = id;
    this.key = key;
    this.principal = principal;
    this.principalChanged = principal != null;
    this.createdAt = now;
    this.lastAccessedAt = now;
    this.previousAccessAt = now;
    this.idleTimeoutMillis = settings.idleTimeoutMillis();
    this.absoluteExpiresAt = saturatedAdd(now, settings.absoluteTimeoutMillis());
    this.version = 0;
    this.isNew = true;
    this.stored = Map.of();
  }

  /** A stored session, accessed at {@code now}. */
  Session(SessionSettings settings, String id, SessionRecord record, long now) {
    this.settings = settings;
    this.id = id;
    this.key = record.key();
    this.principal = record.principal();
    this.createdAt = record.createdAt();
    this.lastAccessedAt = Math.max(now, record.lastAccessedAt());
    this.previousAccessAt = record.lastAccessedAt();
    this.idleTimeoutMillis = record.idleTimeoutMillis();
    this.absoluteExpiresAt = record.absoluteExpiresAt();
    this.version = record.version();
    this.stored = record.attributes();
    this.base = record;
    this.size = -1;
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * The session id: the secret the client presents. Give it only to the session's owner (in a
   * cookie or token); never log it. Stores keep only its hash.
   */
  public String id() {
    return id;
  }

  /**
   * A stable, non-secret reference to this session (the hash of its id), the same as {@link
   * SessionInfo#handle()} and {@link SessionEvent#handle()}. Safe to log.
   */
  public String handle() {
    return key.hash();
  }

  public String tenant() {
    return key.tenant();
  }

  /** The user this session belongs to, or null while anonymous. */
  public @Nullable String principal() {
    return principal;
  }

  /**
   * Binds the session to a user (at login) or unbinds it (null). After a login, also call {@link
   * SessionManager#rotateId(Session)} so an id planted before the login is useless.
   */
  public void setPrincipal(@Nullable String principal) {
    checkUsable();
    checkPrincipal(principal);
    if (!Objects.equals(this.principal, principal)) {
      this.principal = principal;
      this.principalChanged = true;
    }
  }

  /**
   * The attribute decoded to {@code type}, or null if absent. For a primitive {@code type} ({@code
   * int.class}) the boxed value is returned.
   *
   * @throws AttributeDecodingException if the stored value does not decode to {@code type}
   */
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(String name, Class<T> type) {
    return (T) box(type).cast(decode(name, type));
  }

  /** The attribute decoded to a generic type, or null if absent. */
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(String name, AttributeType<T> type) {
    return (T) decode(name, type.type());
  }

  /** The attribute, or {@code defaultValue} if absent. */
  public <T> T getOrDefault(String name, Class<T> type, T defaultValue) {
    T value = get(name, type);
    return value == null ? defaultValue : value;
  }

  private @Nullable Object decode(String name, Type type) {
    String encoded = encoded(name);
    if (encoded == null) {
      return null;
    }
    Object value = settings.codec().decode(name, encoded, type);
    if (type instanceof Class<?> c && value != null && !box(c).isInstance(value)) {
      throw new AttributeDecodingException(
          name,
          "attribute '"
              + name
              + "' decoded to "
              + value.getClass().getName()
              + ", not "
              + c.getName(),
          null);
    }
    return value;
  }

  private static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
  }

  private @Nullable String encoded(String name) {
    if (upserts != null) {
      String changed = upserts.get(name);
      if (changed != null) {
        return changed;
      }
    }
    if (removals != null && removals.contains(name)) {
      return null;
    }
    return stored.get(name);
  }

  /** Whether the attribute is present. */
  public boolean contains(String name) {
    return encoded(name) != null;
  }

  /**
   * Sets an attribute, encoding it now. A null value removes the attribute.
   *
   * @throws AttributeSerializationException if the codec cannot encode the value
   * @throws SizeLimitExceededException if the attribute or the whole session would exceed its limit
   * @throws IllegalArgumentException if the name is empty, longer than 256 characters or contains
   *     control characters
   */
  public void put(String name, @Nullable Object value) {
    checkUsable();
    checkName(name);
    if (value == null) {
      remove(name);
      return;
    }
    String encoded = settings.codec().encode(name, value);
    String problem = StoredText.problem(encoded, true);
    if (problem != null) {
      // A lone surrogate in a string value: the stores' UTF-8 would turn it into '?'.
      throw new AttributeSerializationException(
          name,
          value.getClass().getName(),
          "attribute '"
              + shortName(name)
              + "' of type "
              + value.getClass().getName()
              + " encodes to text with "
              + problem
              + ": no store could keep it exactly",
          null);
    }
    long attributeSize = utf8Length(name) + utf8Length(encoded);
    if (attributeSize > settings.maxAttributeBytes()) {
      throw new SizeLimitExceededException(
          name,
          "attribute '"
              + name
              + "' is "
              + attributeSize
              + " bytes encoded, over the limit of "
              + settings.maxAttributeBytes()
              + " bytes (maxAttributeBytes / SESSION_MAX_ATTRIBUTE_BYTES)",
          attributeSize,
          settings.maxAttributeBytes());
    }
    String previous = encoded(name);
    long newSize =
        currentSize()
            - (previous == null ? 0 : utf8Length(name) + utf8Length(previous))
            + attributeSize;
    if (newSize > settings.maxSessionBytes()) {
      throw new SizeLimitExceededException(
          name,
          "setting attribute '"
              + name
              + "' would make the session "
              + newSize
              + " bytes encoded, over the limit of "
              + settings.maxSessionBytes()
              + " bytes (maxSessionBytes / SESSION_MAX_SESSION_BYTES)",
          newSize,
          settings.maxSessionBytes());
    }
    if (upserts == null) {
      upserts = new LinkedHashMap<>();
    }
    upserts.put(name, encoded);
    if (removals != null) {
      removals.remove(name);
    }
    size = newSize;
  }

  /** Removes an attribute, if present. */
  public void remove(String name) {
    checkUsable();
    String previous = encoded(name);
    if (previous == null) {
      return;
    }
    long newSize = currentSize() - utf8Length(name) - utf8Length(previous);
    if (upserts != null) {
      upserts.remove(name);
    }
    if (stored.containsKey(name)) {
      if (removals == null) {
        removals = new LinkedHashSet<>();
      }
      removals.add(name);
    }
    size = newSize;
  }

  /** Names of the attributes present, in no particular order; a snapshot. */
  public Set<String> attributeNames() {
    if (upserts == null && removals == null) {
      return stored.keySet();
    }
    Set<String> names = new LinkedHashSet<>(stored.keySet());
    if (removals != null) {
      names.removeAll(removals);
    }
    if (upserts != null) {
      names.addAll(upserts.keySet());
    }
    return Collections.unmodifiableSet(names);
  }

  public Instant createdAt() {
    return Instant.ofEpochMilli(createdAt);
  }

  /** The time of the current access (this request). */
  public Instant lastAccessedAt() {
    return Instant.ofEpochMilli(lastAccessedAt);
  }

  /**
   * The last access the store knew of when this copy was loaded: the previous request's time, to
   * within the touch interval (the store learns accesses at most once per touch interval). For a
   * new session, its creation time.
   */
  public Instant previousAccessedAt() {
    return Instant.ofEpochMilli(previousAccessAt);
  }

  /** When the session dies unless used again: the earlier of the idle and absolute deadlines. */
  public Instant expiresAt() {
    return Instant.ofEpochMilli(
        SessionRecord.expiresAt(lastAccessedAt, idleTimeoutMillis, absoluteExpiresAt));
  }

  /** When the session dies however active it is. */
  public Instant absoluteExpiresAt() {
    return Instant.ofEpochMilli(absoluteExpiresAt);
  }

  public Duration idleTimeout() {
    return Duration.ofMillis(idleTimeoutMillis);
  }

  /**
   * Changes this session's idle timeout, for example a longer one for a "remember me" or a very
   * active user. The absolute expiry still applies.
   */
  public void setIdleTimeout(Duration idleTimeout) {
    checkUsable();
    if (idleTimeout.isNegative()
        || idleTimeout.isZero()
        || idleTimeout.compareTo(Settings.MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "idleTimeout must be positive and at most 36500 days, got " + idleTimeout);
    }
    long millis = idleTimeout.toMillis();
    if (millis != idleTimeoutMillis) {
      idleTimeoutMillis = millis;
      idleTimeoutChanged = true;
    }
  }

  /** The stored version this copy is based on; 0 before the first save. */
  public long version() {
    return version;
  }

  /** Whether the session has never been saved. */
  public boolean isNew() {
    return isNew;
  }

  /**
   * Whether {@link SessionManager#save} has anything to write: a change, or a touch that {@link
   * SessionManager#findDeferringTouch} left for the save.
   */
  public boolean hasChanges() {
    return touchDeferred || changesContent();
  }

  private boolean changesContent() {
    return isNew
        || principalChanged
        || idleTimeoutChanged
        || (upserts != null && !upserts.isEmpty())
        || (removals != null && !removals.isEmpty());
  }

  /**
   * A touch fell due at load and is left for the save; see {@link
   * SessionManager#findDeferringTouch}.
   */
  void deferTouch() {
    touchDeferred = true;
  }

  /** Whether the only thing {@link SessionManager#save} has to write is a deferred touch. */
  boolean onlyTouchDeferred() {
    return touchDeferred && !changesContent();
  }

  /** Whether this session was invalidated through its manager. */
  public boolean isInvalidated() {
    return invalidated;
  }

  /** Never shows the id, only the non-secret handle. */
  @Override
  public String toString() {
    return "Session{handle="
        + key.hash()
        + ", tenant="
        + key.tenant()
        + ", principal="
        + principal
        + ", version="
        + version
        + (isNew ? ", new" : "")
        + (invalidated ? ", invalidated" : "")
        + "}";
  }

  // --- used by SessionManager ---------------------------------------------------------

  SessionKey key() {
    return key;
  }

  long lastAccessedAtMillis() {
    return lastAccessedAt;
  }

  boolean principalChanged() {
    return principalChanged;
  }

  void markInvalidated() {
    invalidated = true;
  }

  void changeId(String newId, SessionKey newKey) {
    this.id = newId;
    this.key = newKey;
    if (base != null) {
      base = base.withKey(newKey);
    }
  }

  /** The full record, for the first save. */
  SessionRecord toRecord() {
    Map<String, String> attributes = new HashMap<>(stored);
    if (removals != null) {
      attributes.keySet().removeAll(removals);
    }
    if (upserts != null) {
      attributes.putAll(upserts);
    }
    return SessionRecord.builder(key)
        .principal(principal)
        .createdAt(createdAt)
        .lastAccessedAt(lastAccessedAt)
        .idleTimeoutMillis(idleTimeoutMillis)
        .absoluteExpiresAt(absoluteExpiresAt)
        .version(1)
        .attributesTrusted(attributes)
        .build();
  }

  /** What changed since load, for a merge. */
  SessionDelta toDelta() {
    SessionDelta.Builder delta = SessionDelta.builder(lastAccessedAt, idleTimeoutMillis).base(base);
    if (principalChanged) {
      delta.principal(principal);
    }
    if (upserts != null) {
      upserts.forEach(delta::set);
    }
    if (removals != null) {
      removals.forEach(delta::remove);
    }
    return delta.build();
  }

  /** Adopts what the store now holds after a save, clearing the tracked changes. */
  void saved(SessionRecord record) {
    isNew = false;
    base = record;
    version = record.version();
    stored = record.attributes();
    lastAccessedAt = Math.max(lastAccessedAt, record.lastAccessedAt());
    idleTimeoutMillis = record.idleTimeoutMillis();
    principal = record.principal();
    upserts = null;
    removals = null;
    principalChanged = false;
    idleTimeoutChanged = false;
    touchDeferred = false;
    size = -1;
  }

  /** The store learned the access time this session carries: no deferred touch is left. */
  void touched() {
    touchDeferred = false;
  }

  private void checkUsable() {
    if (invalidated) {
      throw new IllegalStateException(
          "session " + key.hash() + " was invalidated and can no longer be changed");
    }
  }

  private long currentSize() {
    if (size < 0) {
      long total = 0;
      for (String name : attributeNames()) {
        String value = encoded(name);
        total += utf8Length(name) + (value == null ? 0 : utf8Length(value));
      }
      size = total;
    }
    return size;
  }

  private static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new InvalidAttributeNameException(
          shortName(name),
          "attribute name must be 1 to " + MAX_NAME_LENGTH + " characters, got " + name.length());
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new InvalidAttributeNameException(
            shortName(name),
            "attribute name must not contain control characters (at index " + i + ")");
      }
    }
    String problem = StoredText.problem(name, false);
    if (problem != null) {
      throw new InvalidAttributeNameException(
          shortName(name), "attribute name holds " + problem + ": no store could keep it exactly");
    }
  }

  private static String shortName(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64) + "...";
  }

  /**
   * Checks a principal against the rule every store keeps exactly.
   *
   * @throws InvalidPrincipalException if it is empty, too long, or holds a NUL or a lone surrogate
   */
  static void checkPrincipal(@Nullable String principal) {
    if (principal == null) {
      return;
    }
    if (principal.isEmpty()) {
      throw new InvalidPrincipalException(
          "principal must not be empty; use null for an anonymous session");
    }
    if (principal.length() > StoredText.MAX_PRINCIPAL_LENGTH) {
      throw new InvalidPrincipalException(
          "principal must be at most "
              + StoredText.MAX_PRINCIPAL_LENGTH
              + " characters, got "
              + principal.length());
    }
    String problem = StoredText.problem(principal, false);
    if (problem != null) {
      throw new InvalidPrincipalException(
          "principal holds " + problem + ": no store could keep it exactly");
    }
  }

  static long utf8Length(String s) {
    long length = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        length += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
      }
    }
    return length;
  }
}
