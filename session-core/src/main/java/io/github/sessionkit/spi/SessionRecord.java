package io.github.sessionkit.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One session as a store keeps it: metadata plus attributes already encoded by the session codec.
 *
 * <p>Times are epoch milliseconds, so every store round-trips them exactly. Attribute values are
 * opaque JSON texts produced by the codec (an encrypting codec produces a JSON string); stores keep
 * them as they are and never parse them, which is what lets a store merge a delta of changed
 * attributes without reading the others.
 *
 * <p>{@link #version()} starts at 1 when the session is first stored and grows by one on every
 * {@link SessionStore#merge merge} or {@link SessionStore#compareAndSet compare-and-set}. Touches
 * do not change it.
 *
 * <p>Immutable and thread-safe.
 */
public final class SessionRecord {

  private final SessionKey key;
  private final @Nullable String principal;
  private final long createdAt;
  private final long lastAccessedAt;
  private final long idleTimeoutMillis;
  private final long absoluteExpiresAt;
  private final long version;
  private final Map<String, String> attributes;

  private SessionRecord(Builder b) {
    this.key = Objects.requireNonNull(b.key, "key");
    this.principal = b.principal;
    this.createdAt = b.createdAt;
    this.lastAccessedAt = b.lastAccessedAt;
    this.idleTimeoutMillis = b.idleTimeoutMillis;
    this.absoluteExpiresAt = b.absoluteExpiresAt;
    this.version = b.version;
    this.attributes = b.attributes;
    if (idleTimeoutMillis <= 0) {
      throw new IllegalArgumentException(
          "idleTimeoutMillis must be positive, got " + idleTimeoutMillis);
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, got " + version);
    }
  }

  /** Starts a record for the given key. */
  public static Builder builder(SessionKey key) {
    return new Builder(key);
  }

  /** A builder initialised with every field of this record. */
  public Builder toBuilder() {
    return copyInto(new Builder(key));
  }

  private Builder copyInto(Builder b) {
    b.principal = principal;
    b.createdAt = createdAt;
    b.lastAccessedAt = lastAccessedAt;
    b.idleTimeoutMillis = idleTimeoutMillis;
    b.absoluteExpiresAt = absoluteExpiresAt;
    b.version = version;
    b.attributes = attributes;
    return b;
  }

  /** This record under another key (for id rotation); everything else unchanged. */
  public SessionRecord withKey(SessionKey newKey) {
    return copyInto(new Builder(newKey)).build();
  }

  public SessionKey key() {
    return key;
  }

  /** The user this session belongs to, or null for an anonymous session. */
  public @Nullable String principal() {
    return principal;
  }

  public long createdAt() {
    return createdAt;
  }

  public long lastAccessedAt() {
    return lastAccessedAt;
  }

  public long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  /** The instant after which the session is dead however active it is. */
  public long absoluteExpiresAt() {
    return absoluteExpiresAt;
  }

  /** When the session expires unless touched: the earlier of the idle and absolute deadlines. */
  public long expiresAt() {
    return expiresAt(lastAccessedAt, idleTimeoutMillis, absoluteExpiresAt);
  }

  /** The expiry rule shared by every store: the earlier of the idle and absolute deadlines. */
  public static long expiresAt(
      long lastAccessedAt, long idleTimeoutMillis, long absoluteExpiresAt) {
    long idleDeadline = lastAccessedAt + idleTimeoutMillis;
    return Math.min(
        idleDeadline < lastAccessedAt ? Long.MAX_VALUE : idleDeadline, absoluteExpiresAt);
  }

  /** Whether the record is dead at {@code nowMillis}. */
  public boolean isExpiredAt(long nowMillis) {
    return nowMillis >= expiresAt();
  }

  public long version() {
    return version;
  }

  /** Encoded attribute values by name; unmodifiable. */
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o
        || (o instanceof SessionRecord r
            && key.equals(r.key)
            && Objects.equals(principal, r.principal)
            && createdAt == r.createdAt
            && lastAccessedAt == r.lastAccessedAt
            && idleTimeoutMillis == r.idleTimeoutMillis
            && absoluteExpiresAt == r.absoluteExpiresAt
            && version == r.version
            && attributes.equals(r.attributes));
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, version, lastAccessedAt);
  }

  /** Metadata only: attribute values are left out, they may hold personal data. */
  @Override
  public String toString() {
    return "SessionRecord{key="
        + key
        + ", principal="
        + principal
        + ", version="
        + version
        + ", createdAt="
        + createdAt
        + ", lastAccessedAt="
        + lastAccessedAt
        + ", idleTimeoutMillis="
        + idleTimeoutMillis
        + ", absoluteExpiresAt="
        + absoluteExpiresAt
        + ", attributes="
        + attributes.keySet()
        + "}";
  }

  /** Builds {@link SessionRecord}s. Not thread-safe. */
  public static final class Builder {
    private final SessionKey key;
    private @Nullable String principal;
    private long createdAt;
    private long lastAccessedAt;
    private long idleTimeoutMillis = 1_800_000;
    private long absoluteExpiresAt = Long.MAX_VALUE;
    private long version = 1;
    private Map<String, String> attributes = Map.of();

    private Builder(SessionKey key) {
      this.key = Objects.requireNonNull(key, "key");
    }

    public Builder principal(@Nullable String principal) {
      this.principal = principal;
      return this;
    }

    public Builder createdAt(long epochMillis) {
      this.createdAt = epochMillis;
      return this;
    }

    public Builder lastAccessedAt(long epochMillis) {
      this.lastAccessedAt = epochMillis;
      return this;
    }

    public Builder idleTimeoutMillis(long millis) {
      this.idleTimeoutMillis = millis;
      return this;
    }

    public Builder absoluteExpiresAt(long epochMillis) {
      this.absoluteExpiresAt = epochMillis;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    /** Sets the encoded attributes; the map is copied. */
    public Builder attributes(Map<String, String> attributes) {
      this.attributes = copyOf(attributes);
      return this;
    }

    /**
     * Sets attributes without copying. Only for a map the caller has just built, owns and never
     * modifies again; it must not contain null keys or values.
     */
    public Builder attributesTrusted(Map<String, String> attributes) {
      this.attributes = Collections.unmodifiableMap(attributes);
      return this;
    }

    public SessionRecord build() {
      return new SessionRecord(this);
    }

    private static Map<String, String> copyOf(Map<String, String> source) {
      if (source.isEmpty()) {
        return Map.of();
      }
      Map<String, String> copy = new LinkedHashMap<>(source.size() * 2);
      for (Map.Entry<String, String> e : source.entrySet()) {
        copy.put(
            Objects.requireNonNull(e.getKey(), "attribute name"),
            Objects.requireNonNull(e.getValue(), "attribute value"));
      }
      return Collections.unmodifiableMap(copy);
    }
  }
}
