package io.github.sessionkit.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one save changed in a stored session: attributes set and removed, optionally a new principal
 * or idle timeout, and the access time the save carries.
 *
 * <p>A store applies a delta atomically and without reading the untouched attributes, so two nodes
 * that change different attributes of one session both keep their change. When two deltas set the
 * same attribute the one applied last wins (last writer wins per attribute). {@link
 * #lastAccessedAt()} never moves the stored access time backwards.
 *
 * <p>Immutable and thread-safe.
 */
public final class SessionDelta {

  private final Map<String, String> upserts;
  private final Set<String> removals;
  private final boolean principalChanged;
  private final @Nullable String principal;
  private final long lastAccessedAt;
  private final long idleTimeoutMillis;
  private final @Nullable SessionRecord base;

  private SessionDelta(Builder b) {
    this.upserts = Collections.unmodifiableMap(b.upserts);
    this.removals = Collections.unmodifiableSet(b.removals);
    this.principalChanged = b.principalChanged;
    this.principal = b.principal;
    this.lastAccessedAt = b.lastAccessedAt;
    this.idleTimeoutMillis = b.idleTimeoutMillis;
    this.base = b.base;
    for (String removed : removals) {
      if (upserts.containsKey(removed)) {
        throw new IllegalArgumentException("attribute '" + removed + "' is both set and removed");
      }
    }
  }

  /** Starts a delta carrying the access time of the save and the idle timeout to apply. */
  public static Builder builder(long lastAccessedAt, long idleTimeoutMillis) {
    return new Builder(lastAccessedAt, idleTimeoutMillis);
  }

  /** Attributes to set, name to encoded value. */
  public Map<String, String> upserts() {
    return upserts;
  }

  /** Attribute names to remove. Never overlaps {@link #upserts()}. */
  public Set<String> removals() {
    return removals;
  }

  /** Whether the principal is replaced by {@link #principal()}. */
  public boolean principalChanged() {
    return principalChanged;
  }

  /** The new principal when {@link #principalChanged()}, else meaningless. */
  public @Nullable String principal() {
    return principal;
  }

  /** Access time carried by the save; a store keeps the later of this and its own. */
  public long lastAccessedAt() {
    return lastAccessedAt;
  }

  /** The idle timeout the session has after this save. */
  public long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  /**
   * The record this delta was made from, when the caller has it (the session as it was loaded or
   * last saved). A store whose stored version is still {@code base().version()} when it applies the
   * delta knows the result without reading it back: {@link #resultFromBase}. The base is a hint for
   * answering, never what is written: the delta alone is applied.
   */
  public @Nullable SessionRecord base() {
    return base;
  }

  /**
   * The record a store holds after applying this delta to exactly {@link #base()}: what a store
   * that found the base version in place answers from {@link SessionStore#merge}, without sending
   * the session back. {@code storedLastAccessedAt} is the access time the store held just before or
   * just after applying the delta (a touch may have moved it past the base's without a new
   * version); either gives the same result.
   *
   * @throws IllegalStateException if the delta has no base
   */
  public SessionRecord resultFromBase(long storedLastAccessedAt) {
    if (base == null) {
      throw new IllegalStateException("this delta carries no base record");
    }
    SessionRecord current = base;
    if (storedLastAccessedAt > current.lastAccessedAt()) {
      current = current.toBuilder().lastAccessedAt(storedLastAccessedAt).build();
    }
    return applyTo(current);
  }

  /** Whether the delta changes anything besides the access time. */
  public boolean changesContent() {
    return principalChanged || !upserts.isEmpty() || !removals.isEmpty();
  }

  /**
   * Applies this delta to a record, the reference semantics every store implements: the result has
   * the next version, merged attributes, the later access time.
   */
  public SessionRecord applyTo(SessionRecord current) {
    Map<String, String> merged;
    if (upserts.isEmpty() && removals.isEmpty()) {
      merged = current.attributes();
    } else {
      merged = new LinkedHashMap<>(current.attributes());
      merged.keySet().removeAll(removals);
      merged.putAll(upserts);
    }
    return current.toBuilder()
        .principal(principalChanged ? principal : current.principal())
        .lastAccessedAt(Math.max(current.lastAccessedAt(), lastAccessedAt))
        .idleTimeoutMillis(idleTimeoutMillis)
        .version(current.version() + 1)
        .attributesTrusted(merged)
        .build();
  }

  @Override
  public String toString() {
    return "SessionDelta{set="
        + upserts.keySet()
        + ", removed="
        + removals
        + (principalChanged ? ", principal=" + principal : "")
        + ", lastAccessedAt="
        + lastAccessedAt
        + ", idleTimeoutMillis="
        + idleTimeoutMillis
        + "}";
  }

  /** Builds {@link SessionDelta}s. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> upserts = new LinkedHashMap<>();
    private final Set<String> removals = new LinkedHashSet<>();
    private boolean principalChanged;
    private @Nullable String principal;
    private final long lastAccessedAt;
    private final long idleTimeoutMillis;
    private @Nullable SessionRecord base;

    private Builder(long lastAccessedAt, long idleTimeoutMillis) {
      if (idleTimeoutMillis <= 0) {
        throw new IllegalArgumentException(
            "idleTimeoutMillis must be positive, got " + idleTimeoutMillis);
      }
      this.lastAccessedAt = lastAccessedAt;
      this.idleTimeoutMillis = idleTimeoutMillis;
    }

    public Builder set(String name, String encodedValue) {
      removals.remove(name);
      upserts.put(
          Objects.requireNonNull(name, "name"),
          Objects.requireNonNull(encodedValue, "encodedValue"));
      return this;
    }

    public Builder remove(String name) {
      upserts.remove(name);
      removals.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    public Builder principal(@Nullable String principal) {
      this.principalChanged = true;
      this.principal = principal;
      return this;
    }

    /** The record the delta was made from; see {@link SessionDelta#base()}. */
    public Builder base(@Nullable SessionRecord base) {
      this.base = base;
      return this;
    }

    public SessionDelta build() {
      return new SessionDelta(this);
    }
  }
}
