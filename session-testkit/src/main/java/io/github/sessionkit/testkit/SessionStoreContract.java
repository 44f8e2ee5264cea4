package io.github.sessionkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.sessionkit.AttributeDecodingException;
import io.github.sessionkit.AttributeSerializationException;
import io.github.sessionkit.AttributeType;
import io.github.sessionkit.AttributeTypeNotAllowedException;
import io.github.sessionkit.InvalidAttributeNameException;
import io.github.sessionkit.InvalidPrincipalException;
import io.github.sessionkit.Session;
import io.github.sessionkit.SessionCodec;
import io.github.sessionkit.SessionEvent;
import io.github.sessionkit.SessionInfo;
import io.github.sessionkit.SessionInvalidatedException;
import io.github.sessionkit.SessionLimitExceededException;
import io.github.sessionkit.SessionLimitPolicy;
import io.github.sessionkit.SessionListener;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.SizeLimitExceededException;
import io.github.sessionkit.spi.ForwardingSessionStore;
import io.github.sessionkit.spi.PurgedSession;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.StoreStats;
import io.github.sessionkit.spi.WriteOutcome;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link SessionStore} must have, as JUnit 5 tests. A store's test class
 * extends this and implements {@link #newStore}; every test then runs against that store, both
 * through the SPI and through a {@link SessionManager} on top of it.
 *
 * <p>Tests isolate themselves with fresh random ids and a fresh tenant each, so the backend may be
 * shared between tests and classes; they never clear it.
 *
 * <pre>{@code
 * class MyStoreContractIT extends SessionStoreContract {
 *   protected SessionStore newStore(Clock clock) { return new MyStore(server.url(), clock); }
 * }
 * }</pre>
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class SessionStoreContract {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration IDLE = Duration.ofMinutes(30);
  private static final AttributeType<List<String>> STRINGS = new AttributeType<>() {};

  /** The JSON codec allowing this package's records, as an application allows its own. */
  private static final SessionCodec CODEC =
      SessionCodec.jsonBuilder().allowPackages("io.github.sessionkit.testkit").build();

  /** The clock given to the store under test and to the managers built on it. */
  protected final ManualClock clock = new ManualClock();

  /** The store under test, fresh for each test. */
  protected SessionStore store;

  /** A tenant no other test uses. */
  protected String tenant;

  private final List<AutoCloseable> toClose = new ArrayList<>();

  /**
   * A fresh store using {@code clock} for "now". It may share its backend with other stores; the
   * test closes it.
   */
  protected abstract SessionStore newStore(java.time.Clock clock);

  /**
   * Whether the store decides expiry by {@code clock}. Stores whose server expires entries by its
   * own time (Redis TTLs) return false, and expiry tests then wait in real time.
   */
  protected boolean clockControlsExpiry() {
    return true;
  }

  /**
   * Puts undecodable data under {@code key}, straight into the backend (garbage bytes, a value of
   * the wrong type). The default stores, through the SPI, a record whose attribute texts are not
   * JSON, which is the only corruption a store of objects can hold.
   */
  protected void corruptStoredRecord(SessionStore store, SessionKey key) {
    store.insert(
        SessionRecord.builder(key)
            .createdAt(clock.millis())
            .lastAccessedAt(clock.millis())
            .idleTimeoutMillis(IDLE.toMillis())
            .absoluteExpiresAt(clock.millis() + Duration.ofHours(1).toMillis())
            .attributes(Map.of("cart", "{not json", "user", "\u0000\u0001garbage"))
            .build());
  }

  @BeforeEach
  void openStore() {
    store = newStore(clock);
    tenant = "t" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
  }

  @AfterEach
  void closeStore() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
    if (store != null) {
      store.close();
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  /** A key for a fresh random id in this test's tenant. */
  protected SessionKey newKey() {
    return SessionKey.forId(tenant, newId());
  }

  private static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A record created now, with the given principal and attributes. */
  protected SessionRecord record(SessionKey key, String principal, Map<String, String> attributes) {
    long now = clock.millis();
    return SessionRecord.builder(key)
        .principal(principal)
        .createdAt(now)
        .lastAccessedAt(now)
        .idleTimeoutMillis(IDLE.toMillis())
        .absoluteExpiresAt(now + Duration.ofHours(24).toMillis())
        .attributes(attributes)
        .build();
  }

  /** A manager on the store under test. The test closes the store; the manager does not own it. */
  protected SessionManager manager(SessionStore on) {
    return managerBuilder(on).build();
  }

  protected SessionManager.Builder managerBuilder(SessionStore on) {
    return SessionManager.builder()
        .store(new Unclosable(on))
        .clock(clock)
        .tenant(tenant)
        .idleTimeout(IDLE)
        .absoluteTimeout(Duration.ofHours(8))
        .codec(CODEC);
  }

  /** A second store on the same backend, as another node would have. */
  protected SessionStore secondNode() {
    SessionStore other = newStore(clock);
    toClose.add(other);
    return other;
  }

  private SessionDelta.Builder delta() {
    return SessionDelta.builder(clock.millis(), IDLE.toMillis());
  }

  // --- SPI: create, load, delete --------------------------------------------------------------

  @Test
  void insertedRecordLoadsBackWithEveryField() {
    SessionKey key = newKey();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("user", "{\"name\":\"Zoë\",\"roles\":[\"admin\",\"ops\"]}");
    attributes.put("count", "42");
    attributes.put("emoji", "\"\uD83D\uDE00 \\u0000 ok\"");
    attributes.put("flag", "true");
    attributes.put("nothing", "null");
    SessionRecord record = record(key, "alice", attributes).toBuilder().version(3).build();

    assertThat(store.insert(record)).isTrue();

    assertThat(store.load(key)).isEqualTo(record);
  }

  @Test
  void anonymousSessionRoundTrips() {
    SessionRecord record = record(newKey(), null, Map.of());
    store.insert(record);
    assertThat(store.load(record.key())).isEqualTo(record);
  }

  @Test
  void insertRefusesAnExistingKeyAndKeepsTheFirstRecord() {
    SessionKey key = newKey();
    SessionRecord first = record(key, "alice", Map.of("a", "1"));
    store.insert(first);

    assertThat(store.insert(record(key, "mallory", Map.of("a", "2")))).isFalse();
    assertThat(store.load(key)).isEqualTo(first);
  }

  @Test
  void forEachKeyVisitsEveryStoredSessionAndStopsWhenAsked() {
    Set<SessionKey> mine = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      SessionRecord record = record(newKey(), i % 2 == 0 ? "alice" : null, Map.of("a", "1"));
      store.insert(record);
      mine.add(record.key());
    }
    SessionKey deleted = newKey();
    store.insert(record(deleted, "alice", Map.of()));
    store.delete(deleted);
    Set<SessionKey> seen = new HashSet<>();
    store.forEachKey(
        key -> {
          if (key.tenant().equals(tenant)) {
            seen.add(key);
            // The visitor may call the store: the walk holds nothing while it runs.
            assertThat(store.load(key)).isNotNull();
          }
          return true;
        });
    assertThat(seen).isEqualTo(mine);
    int[] visits = new int[1];
    store.forEachKey(key -> ++visits[0] < 2);
    assertThat(visits[0]).isEqualTo(2);
  }

  @Test
  void unknownKeyIsAMiss() {
    assertThat(store.load(newKey())).isNull();
  }

  @Test
  void tenantsAreIsolated() {
    String id = newId();
    SessionKey mine = SessionKey.forId(tenant, id);
    SessionKey theirs = SessionKey.forId(tenant + "-other", id);
    store.insert(record(mine, "alice", Map.of("a", "1")));

    assertThat(store.load(theirs)).isNull();
    assertThat(store.delete(theirs)).isFalse();
    assertThat(store.findByPrincipal(tenant + "-other", "alice")).isEmpty();
    assertThat(store.load(mine)).isNotNull();
  }

  @Test
  void deleteRemovesTheSessionAndReportsWhetherItExisted() {
    SessionRecord record = record(newKey(), "alice", Map.of("a", "1"));
    store.insert(record);

    assertThat(store.delete(record.key())).isTrue();
    assertThat(store.load(record.key())).isNull();
    assertThat(store.delete(record.key())).isFalse();
    assertThat(store.findByPrincipal(tenant, "alice")).isEmpty();
  }

  @Test
  void largeRecordsRoundTrip() {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      attributes.put("blob" + i, "\"" + "x".repeat(20_000) + i + "\"");
    }
    SessionRecord record = record(newKey(), "alice", attributes);
    store.insert(record);
    assertThat(store.load(record.key())).isEqualTo(record);
  }

  @Test
  void attributeNamesWithAwkwardCharactersRoundTripAndMerge() {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String name :
        List.of(
            "a:b",
            "a.b",
            "{tag}",
            "with space",
            "quote\"d",
            "back\\slash",
            "ünï©ødé",
            "-",
            "__meta",
            "version",
            "principal")) {
      attributes.put(name, "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    SessionRecord record = record(newKey(), "alice", attributes);
    store.insert(record);
    assertThat(store.load(record.key())).isEqualTo(record);

    SessionRecord merged =
        store.merge(record.key(), delta().set("version", "7").remove("principal").build());

    assertThat(merged).isNotNull();
    assertThat(merged.attributes())
        .containsEntry("version", "7")
        .doesNotContainKey("principal")
        .containsEntry("{tag}", "\"{tag}\"");
    assertThat(merged.principal()).isEqualTo("alice");
    assertThat(merged.version()).isEqualTo(2);
    assertThat(store.load(record.key())).isEqualTo(merged);
  }

  // --- SPI: merge, compare-and-set, putIfNewer
  // -----------------------------------------------------

  @Test
  void mergeChangesOnlyTheNamedAttributesAndBumpsTheVersion() {
    SessionRecord record = record(newKey(), "alice", Map.of("a", "1", "b", "2", "c", "3"));
    store.insert(record);

    SessionRecord merged =
        store.merge(record.key(), delta().set("a", "10").set("d", "4").remove("c").build());

    assertThat(merged).isNotNull();
    assertThat(merged.attributes()).isEqualTo(Map.of("a", "10", "b", "2", "d", "4"));
    assertThat(merged.version()).isEqualTo(2);
    assertThat(merged.createdAt()).isEqualTo(record.createdAt());
    assertThat(merged.absoluteExpiresAt()).isEqualTo(record.absoluteExpiresAt());
    assertThat(store.load(record.key())).isEqualTo(merged);
  }

  @Test
  void aMergeFromTheStoredVersionAnswersAsAReadWould() {
    SessionRecord record = record(newKey(), "alice", Map.of("a", "1", "b", "2"));
    store.insert(record);
    // A touch moves the access time without a new version: the answer must still show it.
    store.touch(record.key(), record.lastAccessedAt() + 1_000);

    SessionRecord merged =
        store.merge(record.key(), delta().base(record).set("a", "10").principal("bob").build());

    assertThat(merged).isNotNull();
    assertThat(merged.version()).isEqualTo(2);
    assertThat(merged.principal()).isEqualTo("bob");
    assertThat(merged.lastAccessedAt()).isEqualTo(record.lastAccessedAt() + 1_000);
    assertThat(store.load(record.key())).isEqualTo(merged);
    assertThat(store.findByPrincipal(tenant, "bob")).containsExactly(merged);
  }

  @Test
  void aMergeWhoseBaseIsOutdatedAnswersWithTheOtherWritersChanges() {
    SessionRecord record = record(newKey(), "alice", Map.of("a", "1", "b", "2"));
    store.insert(record);
    store.merge(record.key(), delta().set("b", "from another node").build());

    SessionRecord merged = store.merge(record.key(), delta().base(record).set("a", "10").build());

    assertThat(merged).isNotNull();
    assertThat(merged.attributes()).isEqualTo(Map.of("a", "10", "b", "from another node"));
    assertThat(merged.version()).isEqualTo(3);
    assertThat(store.load(record.key())).isEqualTo(merged);
  }

  @Test
  void anUnannouncedMergeIsAMergeInEveryOtherWay() {
    SessionRecord record = record(newKey(), "alice", Map.of("a", "1"));
    store.insert(record);

    SessionRecord merged =
        store.mergeUnannounced(record.key(), delta().base(record).set("a", "2").build());

    assertThat(merged).isNotNull();
    assertThat(merged.version()).isEqualTo(2);
    assertThat(store.load(record.key())).isEqualTo(merged);
    assertThat(store.mergeUnannounced(newKey(), delta().set("a", "1").build())).isNull();
  }

  @Test
  void aFillWithTheChangeEndsAsTheFullRecordWouldWhateverTheStoreHeld() {
    SessionRecord v1 = record(newKey(), "alice", Map.of("a", "1", "b", "2", "c", "3"));
    SessionDelta change = delta().base(v1).set("a", "10").remove("c").principal("bob").build();
    SessionRecord v2 = change.applyTo(v1);

    // Holding the version before: the change is applied.
    store.putIfNewer(v1);
    assertThat(store.fill(v2, change).written()).isTrue();
    assertThat(store.load(v1.key())).isEqualTo(v2);
    assertThat(store.findByPrincipal(tenant, "bob")).containsExactly(v2);
    assertThat(store.findByPrincipal(tenant, "alice")).isEmpty();
    // Already that new: nothing changes.
    assertThat(store.fill(v2, change).written()).isFalse();
    assertThat(store.load(v1.key())).isEqualTo(v2);

    // Holding nothing, or an older version than the one before: the whole record is written.
    SessionRecord absent = v2.withKey(newKey());
    assertThat(store.fill(absent, change).written()).isTrue();
    assertThat(store.load(absent.key())).isEqualTo(absent);
    SessionRecord w1 = v1.withKey(newKey());
    store.putIfNewer(w1);
    SessionRecord w3 = change.applyTo(w1).toBuilder().version(3).build();
    assertThat(store.fill(w3, change).written()).isTrue();
    assertThat(store.load(w1.key())).isEqualTo(w3);
  }

  @Test
  void mergeOfAMissingSessionCreatesNothing() {
    SessionKey key = newKey();
    assertThat(store.merge(key, delta().set("a", "1").build())).isNull();
    assertThat(store.load(key)).isNull();
  }

  @Test
  void mergeNeverMovesTheAccessTimeBackwardsAndAppliesTheIdleTimeout() {
    SessionRecord record = record(newKey(), "alice", Map.of());
    store.insert(record);
    long earlier = record.lastAccessedAt() - 5_000;

    SessionRecord merged =
        store.merge(
            record.key(),
            SessionDelta.builder(earlier, Duration.ofHours(2).toMillis()).set("a", "1").build());

    assertThat(merged.lastAccessedAt()).isEqualTo(record.lastAccessedAt());
    assertThat(merged.idleTimeoutMillis()).isEqualTo(Duration.ofHours(2).toMillis());

    SessionRecord later =
        store.merge(
            record.key(),
            SessionDelta.builder(record.lastAccessedAt() + 7_000, Duration.ofHours(2).toMillis())
                .build());
    assertThat(later.lastAccessedAt()).isEqualTo(record.lastAccessedAt() + 7_000);
    assertThat(later.version()).isEqualTo(3);
  }

  @Test
  void mergeCanChangeThePrincipalAndTheIndexFollows() {
    SessionRecord record = record(newKey(), null, Map.of("a", "1"));
    store.insert(record);

    SessionRecord merged = store.merge(record.key(), delta().principal("bob").build());

    assertThat(merged.principal()).isEqualTo("bob");
    assertThat(store.findByPrincipal(tenant, "bob"))
        .extracting(SessionRecord::key)
        .containsExactly(record.key());

    store.merge(record.key(), delta().principal("carol").build());
    assertThat(store.findByPrincipal(tenant, "bob")).isEmpty();
    assertThat(store.findByPrincipal(tenant, "carol")).hasSize(1);
  }

  @Test
  void compareAndSetWritesOnlyOnTheExpectedVersion() {
    SessionRecord record = record(newKey(), "alice", Map.of("a", "1"));
    store.insert(record);
    SessionRecord next = record.toBuilder().version(2).attributes(Map.of("a", "2")).build();

    assertThat(store.compareAndSet(1, next)).isEqualTo(WriteOutcome.WRITTEN);
    assertThat(store.load(record.key())).isEqualTo(next);

    SessionRecord stale = record.toBuilder().version(2).attributes(Map.of("a", "stale")).build();
    assertThat(store.compareAndSet(1, stale)).isEqualTo(WriteOutcome.CONFLICT);
    assertThat(store.load(record.key())).isEqualTo(next);

    SessionRecord absent = record(newKey(), "alice", Map.of()).toBuilder().version(2).build();
    assertThat(store.compareAndSet(1, absent)).isEqualTo(WriteOutcome.NOT_FOUND);
    assertThat(store.load(absent.key())).isNull();
  }

  @Test
  void putIfNewerWritesOnlyNewerVersions() {
    SessionRecord v2 = record(newKey(), "alice", Map.of("a", "2")).toBuilder().version(2).build();

    assertThat(store.putIfNewer(v2)).isTrue();
    assertThat(store.load(v2.key())).isEqualTo(v2);

    SessionRecord v1 = v2.toBuilder().version(1).attributes(Map.of("a", "1")).build();
    assertThat(store.putIfNewer(v1)).isFalse();
    assertThat(store.putIfNewer(v2.toBuilder().attributes(Map.of("a", "same version")).build()))
        .isFalse();
    assertThat(store.load(v2.key())).isEqualTo(v2);

    SessionRecord v5 = v2.toBuilder().version(5).attributes(Map.of("a", "5")).build();
    assertThat(store.putIfNewer(v5)).isTrue();
    assertThat(store.load(v2.key())).isEqualTo(v5);
    assertThat(store.findByPrincipal(tenant, "alice")).containsExactly(v5);
  }

  // --- SPI: touch, rotation ----------------------------------------------------------------

  @Test
  void touchMovesOnlyTheAccessTimeAndNeverBackwards() {
    SessionRecord record = record(newKey(), "alice", Map.of("a", "1"));
    store.insert(record);
    long later = record.lastAccessedAt() + 60_000;

    assertThat(store.touch(record.key(), later)).isTrue();
    SessionRecord touched = store.load(record.key());
    assertThat(touched.lastAccessedAt()).isEqualTo(later);
    assertThat(touched.expiresAt()).isEqualTo(later + IDLE.toMillis());
    assertThat(touched.version()).isEqualTo(record.version());
    assertThat(touched.attributes()).isEqualTo(record.attributes());

    assertThat(store.touch(record.key(), record.lastAccessedAt())).isTrue();
    assertThat(store.load(record.key()).lastAccessedAt()).isEqualTo(later);

    SessionKey missing = newKey();
    assertThat(store.touch(missing, later)).isFalse();
    assertThat(store.load(missing)).isNull();
  }

  @Test
  void changeKeyMovesTheSessionWithItsIndexEntry() {
    SessionRecord record = record(newKey(), "alice", Map.of("a", "1"));
    store.insert(record);
    SessionKey to = newKey();

    assertThat(store.changeKey(record.key(), to)).isTrue();

    assertThat(store.load(record.key())).isNull();
    assertThat(store.load(to)).isEqualTo(record.withKey(to));
    assertThat(store.findByPrincipal(tenant, "alice"))
        .extracting(SessionRecord::key)
        .containsExactly(to);

    SessionKey nowhere = newKey();
    assertThat(store.changeKey(record.key(), nowhere)).isFalse();
    assertThat(store.load(nowhere)).isNull();
  }

  // --- SPI: principal index, purge, stats, health ------------------------------------------------

  @Test
  void findByPrincipalReturnsThatPrincipalsSessionsOnly() {
    SessionRecord a1 = record(newKey(), "alice", Map.of());
    SessionRecord a2 = record(newKey(), "alice", Map.of());
    SessionRecord b1 = record(newKey(), "bob", Map.of());
    SessionRecord anonymous = record(newKey(), null, Map.of());
    for (SessionRecord r : List.of(a1, a2, b1, anonymous)) {
      store.insert(r);
    }

    assertThat(store.findByPrincipal(tenant, "alice")).containsExactlyInAnyOrder(a1, a2);
    assertThat(store.findByPrincipal(tenant, "bob")).containsExactly(b1);
    assertThat(store.findByPrincipal(tenant, "nobody")).isEmpty();

    store.delete(a1.key());
    assertThat(store.findByPrincipal(tenant, "alice")).containsExactly(a2);
  }

  @Test
  void expiredSessionsAreAbsent() throws Exception {
    SessionRecord record = record(newKey(), "alice", Map.of("a", "1"));
    SessionRecord live = record(newKey(), "alice", Map.of("a", "1"));
    if (clockControlsExpiry()) {
      store.insert(record.toBuilder().idleTimeoutMillis(1_000).build());
      store.insert(live);
      clock.advance(Duration.ofSeconds(2));
    } else {
      store.insert(record.toBuilder().idleTimeoutMillis(1_000).build());
      store.insert(live);
      waitUntilGone(record.key());
    }

    assertThat(store.load(record.key())).isNull();
    assertThat(store.merge(record.key(), delta().set("a", "2").build())).isNull();
    assertThat(store.touch(record.key(), clock.millis())).isFalse();
    assertThat(store.changeKey(record.key(), newKey())).isFalse();
    assertThat(store.load(record.key())).isNull();
    assertThat(store.load(live.key())).isNotNull();
  }

  private void waitUntilGone(SessionKey key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.load(key) != null) {
      assertThat(System.nanoTime())
          .as("session expired by the server within 10 s")
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void purgeRemovesExpiredSessionsInBatchesAndNeverALiveOne() throws Exception {
    List<SessionRecord> expiring = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      SessionRecord r =
          record(newKey(), "purge-" + i % 3, Map.of("i", String.valueOf(i))).toBuilder()
              .idleTimeoutMillis(1_000)
              .build();
      store.insert(r);
      expiring.add(r);
    }
    List<SessionRecord> live = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SessionRecord r = record(newKey(), "purge-0", Map.of());
      store.insert(r);
      live.add(r);
    }
    if (clockControlsExpiry()) {
      clock.advance(Duration.ofSeconds(2));
    } else {
      waitUntilGone(expiring.get(expiring.size() - 1).key());
      clock.advance(Duration.ofSeconds(2));
    }

    Set<SessionKey> purged = new HashSet<>();
    for (int round = 0; round < 1_000; round++) {
      List<PurgedSession> batch = store.purgeExpired(clock.millis(), 10);
      assertThat(batch).hasSizeLessThanOrEqualTo(10);
      batch.forEach(p -> purged.add(p.key()));
      if (batch.isEmpty()) {
        break;
      }
    }

    Set<SessionKey> liveKeys = new HashSet<>();
    live.forEach(r -> liveKeys.add(r.key()));
    assertThat(purged).doesNotContainAnyElementsOf(liveKeys);
    if (!store.expiresEntriesItself()) {
      Set<SessionKey> expiredKeys = new HashSet<>();
      expiring.forEach(r -> expiredKeys.add(r.key()));
      assertThat(purged).containsAll(expiredKeys);
    }
    for (SessionRecord r : expiring) {
      assertThat(store.load(r.key())).isNull();
    }
    for (SessionRecord r : live) {
      assertThat(store.load(r.key())).isEqualTo(r);
    }
    assertThat(store.findByPrincipal(tenant, "purge-0")).containsExactlyInAnyOrderElementsOf(live);
  }

  @Test
  void statsCountStoredSessions() {
    long since = clock.millis() + 1;
    for (int i = 0; i < 3; i++) {
      SessionRecord r = record(newKey(), "alice", Map.of());
      store.insert(r.toBuilder().createdAt(since).lastAccessedAt(since).build());
    }

    StoreStats stats = store.stats(clock.millis(), since);

    assertThat(stats.total())
        .satisfiesAnyOf(
            t -> assertThat(t).isGreaterThanOrEqualTo(3),
            t -> assertThat(t).isEqualTo(StoreStats.UNKNOWN));
    assertThat(stats.active())
        .satisfiesAnyOf(
            t -> assertThat(t).isGreaterThanOrEqualTo(3),
            t -> assertThat(t).isEqualTo(StoreStats.UNKNOWN));
    assertThat(stats.createdSince())
        .satisfiesAnyOf(
            t -> assertThat(t).isGreaterThanOrEqualTo(3),
            t -> assertThat(t).isEqualTo(StoreStats.UNKNOWN));
  }

  @Test
  void healthReportsAnAvailableStore() {
    StoreHealth health = store.health();
    assertThat(health.available()).isTrue();
    assertThat(health.store()).isEqualTo(store.name());
    assertThat(health.error()).isNull();
  }

  // --- SPI: concurrency -------------------------------------------------------------------

  @Test
  void concurrentMergesOfDifferentAttributesFromTwoNodesLoseNothing() throws Exception {
    SessionRecord record = record(newKey(), "alice", Map.of());
    store.insert(record);
    SessionStore other = secondNode();
    int threads = 8;
    int perThread = 25;
    runConcurrently(
        threads,
        t -> {
          SessionStore node = t % 2 == 0 ? store : other;
          for (int i = 0; i < perThread; i++) {
            assertThat(
                    node.merge(
                        record.key(), delta().set("t" + t + "-" + i, String.valueOf(i)).build()))
                .isNotNull();
          }
        });

    SessionRecord result = store.load(record.key());
    assertThat(result.attributes()).hasSize(threads * perThread);
    assertThat(result.version()).isEqualTo(1 + threads * perThread);
  }

  @Test
  void aMergeRacingADeleteNeverResurrectsTheSession() throws Exception {
    SessionStore other = secondNode();
    for (int round = 0; round < 30; round++) {
      SessionRecord record = record(newKey(), "alice", Map.of("a", "1"));
      store.insert(record);
      runConcurrently(
          2,
          t -> {
            if (t == 0) {
              store.delete(record.key());
            } else {
              other.merge(record.key(), delta().set("b", "2").build());
              other.touch(record.key(), clock.millis() + 1);
            }
          });
      assertThat(store.load(record.key())).as("round %d", round).isNull();
      assertThat(other.load(record.key())).isNull();
    }
  }

  // --- SPI: bad data ------------------------------------------------------------------------

  @Test
  void corruptDataUnderAKeyIsACleanMissOrAClearErrorAndHarmsNoOtherSession() {
    SessionManager manager = manager(store);
    Session healthy = manager.create("alice");
    healthy.put("cart", List.of("book"));
    manager.save(healthy);
    String corruptId = newId();
    corruptStoredRecord(store, SessionKey.forId(tenant, corruptId));

    Throwable failure =
        catchThrowable(() -> manager.find(corruptId).ifPresent(s -> s.get("cart", List.class)));

    assertThat(failure)
        .satisfiesAnyOf(
            f -> assertThat(f).isNull(),
            f ->
                assertThat(f)
                    .isInstanceOf(AttributeDecodingException.class)
                    .hasMessageContaining("cart"));
    assertThat(manager.find(healthy.id()).orElseThrow().get("cart", STRINGS))
        .containsExactly("book");
  }

  // --- through the manager -----------------------------------------------------------------------

  @Test
  void aStoredSessionOverTheSizeLimitIsACleanMissAndOthersAreUnaffected() {
    SessionManager manager = manager(store);
    Session big = manager.create("alice");
    big.put("a", 1);
    manager.save(big);
    Session other = manager.create("alice");
    other.put("a", 2);
    manager.save(other);
    // Written by something else than this manager (another version, another limit): 600 KB.
    SessionKey key = SessionKey.forId(manager.tenant(), big.id());
    assertThat(store.merge(key, delta().set("huge", "\"" + "x".repeat(600_000) + "\"").build()))
        .isNotNull();

    assertThat(manager.find(big.id())).as("over SESSION_MAX_SESSION_BYTES (512 KB)").isEmpty();
    assertThat(manager.find(other.id()).orElseThrow().get("a", Integer.class)).isEqualTo(2);
  }

  @Test
  void whatTheManagerAcceptsEveryStoreKeepsExactlyAndWhatNoStoreCouldKeepIsRefused() {
    SessionManager manager = manager(store);
    String principal =
        "\uD83D\uDE00".repeat(127)
            + "\u0001\u00e9"; // the longest: 256 chars, pairs, a control char
    Session session = manager.create(principal);
    session.put("emoji\uD83D\uDE00name", "value \uD83D\uDE03 with a \u0000 NUL");
    session.put("\u00fcn\u00ef", List.of("\uD834\uDD1E", "\u0000"));
    manager.save(session);

    Session found = manager.find(session.id()).orElseThrow();
    assertThat(found.principal()).isEqualTo(principal);
    assertThat(found.get("emoji\uD83D\uDE00name", String.class))
        .isEqualTo("value \uD83D\uDE03 with a \u0000 NUL");
    assertThat((Object) found.get("\u00fcn\u00ef", List.class))
        .isEqualTo(List.of("\uD834\uDD1E", "\u0000"));
    assertThat(manager.sessionsOf(principal)).hasSize(1);

    assertThatThrownBy(() -> manager.create("bob\uD800"))
        .isInstanceOf(InvalidPrincipalException.class);
    assertThatThrownBy(() -> manager.create("b".repeat(3000)))
        .isInstanceOf(InvalidPrincipalException.class);
    assertThatThrownBy(() -> manager.create("bo\u0000b"))
        .isInstanceOf(InvalidPrincipalException.class);
    assertThatThrownBy(() -> manager.sessionsOf("bob\uD800"))
        .isInstanceOf(InvalidPrincipalException.class);
    assertThatThrownBy(() -> found.put("cart\uDC00", 1))
        .isInstanceOf(InvalidAttributeNameException.class);
    assertThatThrownBy(() -> found.put("cart", "\uD800"))
        .isInstanceOf(AttributeSerializationException.class);

    assertThat(manager.invalidateAll(principal)).as("log out everywhere finds it").isEqualTo(1);
    assertThat(manager.find(session.id())).isEmpty();
  }

  /** A value type for attribute round trips. */
  public record Cart(String owner, List<String> items, Instant updated) {}

  @Test
  void managerRoundTripsTypedAttributes() {
    SessionManager manager = manager(store);
    Session session = manager.create("alice");
    Cart cart = new Cart("alice", List.of("book", "pen"), Instant.parse("2026-01-02T03:04:05Z"));
    session.put("cart", cart);
    session.put("count", 3);
    session.put("carts", List.of(cart));
    manager.save(session);

    Session found = manager.find(session.id()).orElseThrow();

    assertThat(found.get("cart", Cart.class)).isEqualTo(cart);
    assertThat(found.get("count", Integer.class)).isEqualTo(3);
    assertThat(found.get("carts", new AttributeType<List<Cart>>() {})).containsExactly(cart);
    assertThat(found.principal()).isEqualTo("alice");
    assertThat(found.version()).isEqualTo(1);
    assertThat(found.attributeNames()).containsExactlyInAnyOrder("cart", "count", "carts");
  }

  /** A record unrelated to {@link Cart}. */
  public record Coupon(String code, int percent) {}

  @Test
  void typedAttributesReadBackAsTheClassThatWasStored() {
    SessionManager manager = manager(store);
    Session session = manager.create("alice");
    Cart cart = new Cart("alice", List.of("book"), Instant.parse("2026-01-02T03:04:05Z"));
    Map<String, Object> mixed = new LinkedHashMap<>();
    mixed.put("cart", cart);
    mixed.put("visits", 12L);
    session.put("cart", cart);
    session.put("carts", new LinkedHashSet<>(List.of(cart)));
    session.put("mixed", mixed);
    session.put("big", new BigInteger("123456789012345678901234567890"));
    manager.save(session);

    Session found = manager.find(session.id()).orElseThrow();

    assertThat(found.get("cart", Object.class)).isEqualTo(cart);
    assertThat(found.get("carts", Object.class))
        .isInstanceOf(LinkedHashSet.class)
        .isEqualTo(Set.of(cart));
    assertThat(found.get("mixed", Object.class)).isEqualTo(mixed);
    assertThat(found.get("big", Object.class))
        .isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(found.get("big", BigInteger.class))
        .isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThatThrownBy(() -> found.get("cart", Coupon.class))
        .isInstanceOf(AttributeDecodingException.class)
        .hasMessageContaining("'cart'")
        .hasMessageContaining("Coupon");
  }

  @Test
  void valuesTheCodecCannotRoundTripAreRefusedAtPutAndNothingIsStored() {
    SessionManager manager = manager(store);
    Session session = manager.create("alice");
    session.put("kept", "yes");
    Runnable lambda = () -> {};

    assertThatThrownBy(() -> session.put("thread", Thread.currentThread()))
        .isInstanceOfSatisfying(
            AttributeTypeNotAllowedException.class,
            e -> {
              assertThat(e.attribute()).isEqualTo("thread");
              assertThat(e.valueType()).isEqualTo("java.lang.Thread");
            });
    assertThatThrownBy(() -> session.put("callback", lambda))
        .isInstanceOf(AttributeTypeNotAllowedException.class)
        .hasMessageContaining("'callback'");
    assertThatThrownBy(() -> session.put("huge", BigInteger.TEN.pow(2_000)))
        .isInstanceOf(AttributeSerializationException.class)
        .hasMessageContaining("'huge'");
    manager.save(session);

    Session found = manager.find(session.id()).orElseThrow();
    assertThat(found.attributeNames()).containsExactly("kept");
    assertThat(store.load(SessionKey.forId(tenant, session.id())).attributes())
        .containsOnlyKeys("kept");
  }

  @Test
  void attributesStoredByTheUntypedCodecStillRead() {
    String id = newId();
    store.insert(
        record(
            SessionKey.forId(tenant, id),
            "alice",
            Map.of(
                "cart",
                "{\"owner\":\"bob\",\"items\":[\"pen\"],\"updated\":\"2026-01-02T03:04:05Z\"}",
                "n",
                "3")));

    Session found = manager(store).find(id).orElseThrow();

    assertThat(found.get("cart", Cart.class))
        .isEqualTo(new Cart("bob", List.of("pen"), Instant.parse("2026-01-02T03:04:05Z")));
    assertThat(found.get("cart", Object.class)).isInstanceOf(Map.class);
    assertThat(found.get("n", long.class)).isEqualTo(3L);
  }

  @Test
  void malformedIdsAreRefusedWithoutAnyStoreCall() {
    CountingSessionStore counting = new CountingSessionStore(store);
    SessionManager manager = manager(counting);
    String valid = manager.create().id();
    List<String> hostile =
        new ArrayList<>(
            List.of(
                "",
                "' OR '1'='1",
                "1; DROP TABLE sessions; --",
                "abc\u0000def",
                "x".repeat(1_000_000),
                valid + "A",
                valid.substring(1),
                valid.substring(0, 42) + "B",
                valid.substring(0, 42) + "=",
                "../../etc/passwd",
                "*",
                "session:*",
                "{" + valid.substring(2) + "}",
                valid.substring(0, 20) + "\u00e9" + valid.substring(21),
                valid.substring(0, 20) + "+" + valid.substring(21)));
    hostile.add(null);

    for (String id : hostile) {
      assertThat(manager.find(id)).isEmpty();
      assertThat(manager.invalidate(id)).isFalse();
    }

    assertThat(counting.total()).isZero();
    assertThat(manager.stats().rejectedIds()).isEqualTo(hostile.size() - 1);
  }

  @Test
  void aSessionExpiresAfterItsIdleTimeout() throws Exception {
    List<SessionEvent> expired = new CopyOnWriteArrayList<>();
    SessionManager manager =
        managerBuilder(store)
            .idleTimeout(Duration.ofSeconds(2))
            .listener(
                new SessionListener() {
                  @Override
                  public void expired(SessionEvent event) {
                    expired.add(event);
                  }
                })
            .build();
    Session session = manager.create("alice");
    manager.save(session);

    clock.advance(Duration.ofMillis(1_500));
    assertThat(manager.find(session.id())).isPresent();
    clock.advance(Duration.ofMillis(1_500));
    assertThat(manager.find(session.id())).as("used 1.5 s ago: the idle window slid").isPresent();

    clock.advance(Duration.ofMillis(2_100));
    if (!clockControlsExpiry()) {
      Thread.sleep(50);
    }
    assertThat(manager.find(session.id())).isEmpty();
    if (!expired.isEmpty()) {
      assertThat(expired.get(0).handle()).isEqualTo(session.handle());
      assertThat(expired.get(0).principal()).isEqualTo("alice");
    }
  }

  @Test
  void aSessionDiesAtItsAbsoluteExpiryHoweverActive() {
    SessionManager manager =
        managerBuilder(store)
            .idleTimeout(Duration.ofMinutes(10))
            .absoluteTimeout(Duration.ofMinutes(25))
            .build();
    Session session = manager.create("alice");
    manager.save(session);

    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMinutes(6));
      assertThat(manager.find(session.id())).as("after %d min", (i + 1) * 6).isPresent();
    }
    clock.advance(Duration.ofMinutes(2));
    assertThat(manager.find(session.id())).isEmpty();
  }

  @Test
  void findWritesTheAccessTimeAtMostOncePerTouchInterval() {
    CountingSessionStore counting = new CountingSessionStore(store);
    SessionManager manager = managerBuilder(counting).touchInterval(Duration.ofMinutes(3)).build();
    Session session = manager.create("alice");
    session.put("a", 1);
    manager.save(session);
    counting.reset();

    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(30));
      Session found = manager.find(session.id()).orElseThrow();
      manager.save(found);
    }
    assertThat(counting.writes()).as("no write within the touch interval").isZero();

    clock.advance(Duration.ofSeconds(31));
    assertThat(manager.find(session.id())).isPresent();
    assertThat(counting.count("touch")).isEqualTo(1);
    assertThat(store.load(SessionKey.forId(tenant, session.id())).lastAccessedAt())
        .isEqualTo(clock.millis());

    assertThat(manager.find(session.id())).isPresent();
    assertThat(counting.count("touch")).isEqualTo(1);
  }

  @Test
  void aDeferredTouchIsWrittenByTheSaveInsideItsMergeOrAloneWhenNothingChanged() {
    CountingSessionStore counting = new CountingSessionStore(store);
    SessionManager manager = managerBuilder(counting).touchInterval(Duration.ofMinutes(3)).build();
    Session session = manager.create("alice");
    session.put("a", 1);
    manager.save(session);
    SessionKey key = SessionKey.forId(tenant, session.id());
    counting.reset();

    clock.advance(Duration.ofMinutes(4));
    Session changed = manager.findDeferringTouch(session.id(), 0).orElseThrow();
    assertThat(counting.writes()).as("nothing written by the find").isZero();
    changed.put("a", 2);
    manager.save(changed);
    assertThat(counting.snapshot())
        .as("the first request after a touch interval: one read, one write")
        .isEqualTo(Map.of("load", 1L, "merge", 1L));
    assertThat(store.load(key).lastAccessedAt()).isEqualTo(clock.millis());
    counting.reset();

    clock.advance(Duration.ofMinutes(4));
    Session unchanged = manager.findDeferringTouch(session.id(), 0).orElseThrow();
    assertThat(unchanged.hasChanges()).as("a due touch is something to save").isTrue();
    manager.save(unchanged);
    assertThat(counting.snapshot()).isEqualTo(Map.of("load", 1L, "touch", 1L));
    assertThat(store.load(key).lastAccessedAt()).isEqualTo(clock.millis());
    manager.save(unchanged);
    assertThat(counting.count("touch")).as("written once").isEqualTo(1);
  }

  @Test
  void aTypicalRequestCostsOneReadAndOneWrite() {
    CountingSessionStore counting = new CountingSessionStore(store);
    SessionManager manager = manager(counting);
    Session session = manager.create("alice");
    session.put("a", 1);
    manager.save(session);
    counting.reset();

    Session found = manager.find(session.id()).orElseThrow();
    found.put("a", 2);
    manager.save(found);

    assertThat(counting.snapshot()).isEqualTo(Map.of("load", 1L, "merge", 1L));
    assertThat(found.version()).isEqualTo(2);
  }

  @Test
  void twoNodesChangingDifferentAttributesKeepBoth() {
    SessionManager node1 = manager(store);
    SessionManager node2 = manager(secondNode());
    Session created = node1.create("alice");
    created.put("shared", "x");
    node1.save(created);

    Session on1 = node1.find(created.id()).orElseThrow();
    Session on2 = node2.find(created.id()).orElseThrow();
    on1.put("theme", "dark");
    on2.put("cart", List.of("book"));
    on2.put("shared", "from node 2");
    on1.put("shared", "from node 1");
    node2.save(on2);
    node1.save(on1);

    Session result = node2.find(created.id()).orElseThrow();
    assertThat(result.get("theme", String.class)).isEqualTo("dark");
    assertThat(result.get("cart", STRINGS)).containsExactly("book");
    assertThat(result.get("shared", String.class))
        .as("last writer wins per attribute")
        .isEqualTo("from node 1");
    assertThat(result.version()).isEqualTo(3);
  }

  @Test
  void twoManagersTimesEightThreadsUpdatingDifferentAttributesLoseNothing() throws Exception {
    SessionManager node1 = manager(store);
    SessionManager node2 = manager(secondNode());
    Session created = node1.create("alice");
    node1.save(created);
    int rounds = 20;

    runConcurrently(
        8,
        t -> {
          SessionManager node = t % 2 == 0 ? node1 : node2;
          for (int i = 0; i < rounds; i++) {
            Session s = node.find(created.id()).orElseThrow();
            s.put("thread-" + t, i);
            node.save(s);
          }
        });

    Session result = node1.find(created.id()).orElseThrow();
    for (int t = 0; t < 8; t++) {
      assertThat(result.get("thread-" + t, Integer.class)).isEqualTo(rounds - 1);
    }
    assertThat(result.version()).isEqualTo(1 + 8 * rounds);
  }

  @Test
  void aSaveAfterALogoutOnAnotherNodeFailsAndDoesNotResurrect() {
    SessionManager node1 = manager(store);
    SessionManager node2 = manager(secondNode());
    Session created = node1.create("alice");
    node1.save(created);
    Session held = node2.find(created.id()).orElseThrow();

    assertThat(node1.invalidate(created.id())).isTrue();
    held.put("late", "write");

    assertThatThrownBy(() -> node2.save(held))
        .isInstanceOf(SessionInvalidatedException.class)
        .hasMessageContaining(created.handle());
    assertThat(node1.find(created.id())).isEmpty();
    assertThat(node2.find(created.id())).isEmpty();
    assertThat(store.findByPrincipal(tenant, "alice")).isEmpty();
  }

  @Test
  void rotatingTheIdKillsTheOldIdAndKeepsTheContent() {
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    SessionManager manager =
        managerBuilder(store)
            .listener(
                new SessionListener() {
                  @Override
                  public void idRotated(SessionEvent event) {
                    events.add(event);
                  }
                })
            .build();
    Session session = manager.create();
    session.put("cart", List.of("book"));
    manager.save(session);
    String oldId = session.id();
    String oldHandle = session.handle();

    session.setPrincipal("alice");
    String newId = manager.rotateId(session);
    manager.save(session);

    assertThat(newId).isNotEqualTo(oldId).isEqualTo(session.id());
    assertThat(manager.find(oldId)).isEmpty();
    Session found = manager.find(newId).orElseThrow();
    assertThat(found.get("cart", STRINGS)).containsExactly("book");
    assertThat(found.principal()).isEqualTo("alice");
    assertThat(manager.sessionsOf("alice"))
        .extracting(SessionInfo::handle)
        .containsExactly(session.handle());
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.previousHandle()).isEqualTo(oldHandle);
              assertThat(e.handle()).isEqualTo(session.handle());
            });
  }

  @Test
  void logoutEverywhereRemovesEverySessionOfThePrincipalOnly() {
    SessionManager manager = manager(store);
    List<String> alice = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Session s = manager.create("alice");
      manager.save(s);
      alice.add(s.id());
      clock.advance(Duration.ofMillis(5));
    }
    Session bob = manager.create("bob");
    manager.save(bob);

    List<SessionInfo> listed = manager.sessionsOf("alice");
    assertThat(listed)
        .hasSize(3)
        .isSortedAccordingTo((a, b) -> a.createdAt().compareTo(b.createdAt()));
    assertThat(manager.revoke(listed.get(0))).isTrue();
    assertThat(manager.find(alice.get(0))).isEmpty();

    assertThat(manager.invalidateAll("alice")).isEqualTo(2);

    for (String id : alice) {
      assertThat(manager.find(id)).isEmpty();
    }
    assertThat(manager.sessionsOf("alice")).isEmpty();
    assertThat(manager.find(bob.id())).isPresent();
  }

  @Test
  void theSessionLimitRejectsOrEvicts() {
    SessionManager rejecting =
        managerBuilder(store).maxSessionsPerPrincipal(2, SessionLimitPolicy.REJECT_NEW).build();
    for (int i = 0; i < 2; i++) {
      rejecting.save(rejecting.create("alice"));
      clock.advance(Duration.ofMillis(5));
    }
    Session third = rejecting.create("alice");
    assertThatThrownBy(() -> rejecting.save(third))
        .isInstanceOf(SessionLimitExceededException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("2");
    assertThat(rejecting.sessionsOf("alice")).hasSize(2);

    SessionManager evicting =
        managerBuilder(store).maxSessionsPerPrincipal(2, SessionLimitPolicy.EVICT_OLDEST).build();
    String oldest = evicting.sessionsOf("alice").get(0).handle();
    Session newest = evicting.create("alice");
    evicting.save(newest);

    assertThat(evicting.sessionsOf("alice"))
        .hasSize(2)
        .extracting(SessionInfo::handle)
        .doesNotContain(oldest)
        .contains(newest.handle());
  }

  @Test
  void anUnserializableValueFailsAtPutAndLeavesTheSessionAsItWas() {
    SessionManager manager = manager(store);
    Session session = manager.create("alice");
    session.put("ok", "fine");

    assertThatThrownBy(() -> session.put("stream", InputStream.nullInputStream()))
        .isInstanceOf(AttributeSerializationException.class)
        .hasMessageContaining("stream");
    assertThatThrownBy(() -> session.put("empty", new Object()))
        .isInstanceOf(AttributeSerializationException.class)
        .hasMessageContaining("'empty'")
        .hasMessageContaining("java.lang.Object");

    manager.save(session);
    assertThat(manager.find(session.id()).orElseThrow().attributeNames()).containsExactly("ok");
  }

  @Test
  void oversizedValuesAreRefusedAtPutAndNothingIsLost() {
    SessionManager manager =
        managerBuilder(store).maxAttributeBytes(1_000).maxSessionBytes(2_500).build();
    Session session = manager.create("alice");
    session.put("a", "x".repeat(900));
    manager.save(session);

    assertThatThrownBy(() -> session.put("huge", "x".repeat(5_000)))
        .isInstanceOf(SizeLimitExceededException.class)
        .hasMessageContaining("'huge'")
        .hasMessageContaining("1000");
    session.put("b", "y".repeat(900));
    assertThatThrownBy(() -> session.put("c", "z".repeat(900)))
        .isInstanceOf(SizeLimitExceededException.class)
        .hasMessageContaining("2500");
    manager.save(session);

    Session found = manager.find(session.id()).orElseThrow();
    assertThat(found.attributeNames()).containsExactlyInAnyOrder("a", "b");
    assertThat(found.get("a", String.class)).hasSize(900);
  }

  @Test
  void aFailingListenerDoesNotBreakTheOperation() {
    SessionManager manager =
        managerBuilder(store)
            .listener(
                new SessionListener() {
                  @Override
                  public void created(SessionEvent event) {
                    throw new IllegalStateException("listener bug");
                  }

                  @Override
                  public void invalidated(SessionEvent event) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .build();
    Session session = manager.create("alice");

    manager.save(session);
    assertThat(manager.find(session.id())).isPresent();
    assertThat(manager.invalidate(session.id())).isTrue();
    assertThat(manager.find(session.id())).isEmpty();
  }

  // --- plumbing -----------------------------------------------------------------------------

  /**
   * Runs {@code work} on {@code threads} real threads released at once; rethrows the first failure.
   */
  protected static void runConcurrently(int threads, Concurrently.ThreadWork work)
      throws Exception {
    Concurrently.run(threads, work);
  }

  /** Lets tests build several managers on one store without the first close closing it for all. */
  private static final class Unclosable extends ForwardingSessionStore {
    Unclosable(SessionStore delegate) {
      super(delegate);
    }

    @Override
    public void close() {}
  }
}
