package io.github.sessionkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.ReencryptionReport;
import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.ForwardingSessionStore;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Encryption at rest on a real backend: what every store must show with {@code
 * SESSION_ENCRYPTION_KEYS} set. A subclass opens stores on one backend (each call is another node's
 * client) and reads a stored attribute value straight from the server, bypassing the library, to
 * show what lies at rest.
 */
public abstract class EncryptionAtRestContract {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SECRET_TEXT = "card-4111-1111-1111-1111";

  /** Three keys of this run; never printed by the library (the tests check it). */
  protected static final String K1 = randomKey();

  protected static final String K2 = randomKey();
  protected static final String K3 = randomKey();

  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** A tenant no other test uses. */
  protected String tenant;

  /** Opens a client of the backend under test; every call reaches the same data. */
  protected abstract SessionStore newStore();

  /**
   * The attribute value as the server holds it (a Redis hash field, a PostgreSQL column), or null
   * when there is none, read without the library.
   */
  protected abstract @Nullable String rawAttribute(SessionKey key, String attribute)
      throws Exception;

  @BeforeEach
  void newTenant() {
    tenant = "enc" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private SessionStore node() {
    SessionStore store = newStore();
    toClose.add(store);
    return store;
  }

  private SessionManager manager(SessionStore store, @Nullable String keys) {
    SessionManager.Builder builder =
        SessionManager.builder()
            .store(new Unclosable(store))
            .tenant(tenant)
            .automaticPurge(false)
            .idleTimeout(Duration.ofMinutes(30));
    if (keys != null) {
      builder.encryptionKeys(keys);
    }
    SessionManager manager = builder.build();
    toClose.add(manager);
    return manager;
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static SessionKey keyOf(SessionManager manager, Session session) {
    return SessionKey.forId(manager.tenant(), session.id());
  }

  private Session saved(SessionManager manager, String principal) {
    Session session = manager.create(principal);
    session.put("card", SECRET_TEXT);
    session.put("cart", List.of("book", "pen"));
    manager.save(session);
    return session;
  }

  @Test
  void valuesRoundTripAndOnlyCiphertextIsAtRest() throws Exception {
    SessionStore store = node();
    SessionManager sessions = manager(store, "k1:" + K1);
    Session session = saved(sessions, "alice");

    Session found = sessions.find(session.id()).orElseThrow();
    assertThat(found.get("card", String.class)).isEqualTo(SECRET_TEXT);
    assertThat(String.valueOf(found.get("cart", List.class))).isEqualTo("[book, pen]");
    assertThat(found.principal()).isEqualTo("alice");

    String atRest = rawAttribute(keyOf(sessions, session), "card");
    assertThat(atRest)
        .isNotNull()
        .contains("skenc1:k1:")
        .doesNotContain(SECRET_TEXT)
        .doesNotContain("card-4111");
    assertThat(rawAttribute(keyOf(sessions, session), "cart")).doesNotContain("book");
    // The SPI below the encryption layer sees ciphertext too (what any other reader of the store
    // sees).
    assertThat(store.load(keyOf(sessions, session)).attributes().get("card"))
        .doesNotContain(SECRET_TEXT);

    // A later save of one attribute, and a removal, on a second node sharing the server.
    SessionManager other = manager(node(), "k1:" + K1);
    Session there = other.find(session.id()).orElseThrow();
    there.put("theme", "dark");
    there.remove("cart");
    other.save(there);
    // As a client carrying the version it was handed reads (a bare find on a tiered node may
    // serve its local copy for the time the other node's notice takes).
    Session back = sessions.find(session.id(), there.version()).orElseThrow();
    assertThat(back.get("theme", String.class)).isEqualTo("dark");
    assertThat((Object) back.get("cart", List.class)).isNull();
    assertThat(back.get("card", String.class)).isEqualTo(SECRET_TEXT);
    assertThat(rawAttribute(keyOf(sessions, session), "theme")).doesNotContain("dark");
  }

  @Test
  void aTamperedValueIsACleanMissWithAWarningAndOtherSessionsAreUnaffected() throws Exception {
    SessionStore store = node();
    SessionManager sessions = manager(store, "k1:" + K1);
    Session victim = saved(sessions, "alice");
    Session bystander = saved(sessions, "bob");
    SessionKey key = keyOf(sessions, victim);
    String sealed = store.load(key).attributes().get("card");
    // Flip one character of the ciphertext, in the store.
    int at = sealed.length() - 5;
    String tampered =
        sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
    store.merge(
        key,
        SessionDelta.builder(System.currentTimeMillis(), Duration.ofMinutes(30).toMillis())
            .set("card", tampered)
            .build());

    String logs = capturingStderr(() -> assertThat(sessions.find(victim.id())).isEmpty());
    assertThat(logs)
        .contains("WARN")
        .contains(key.hash())
        .contains("'card'")
        .contains("key id k1")
        .contains("fails authentication")
        .doesNotContain(K1)
        .doesNotContain(victim.id());
    assertThat(sessions.find(bystander.id()).orElseThrow().get("card", String.class))
        .isEqualTo(SECRET_TEXT);

    // Log out everywhere still removes it: put back, its original bytes would make it live again.
    assertThat(sessions.invalidateAll("alice")).isEqualTo(1);
    assertThat(store.load(key)).isNull();
  }

  @Test
  void aValueMovedToAnotherSessionOrAttributeDoesNotDecrypt() {
    SessionStore store = node();
    SessionManager sessions = manager(store, "k1:" + K1);
    Session alice = saved(sessions, "alice");
    Session mallory = saved(sessions, "mallory");
    String alicesCard = store.load(keyOf(sessions, alice)).attributes().get("card");
    long now = System.currentTimeMillis();
    store.merge(
        keyOf(sessions, mallory),
        SessionDelta.builder(now, Duration.ofMinutes(30).toMillis())
            .set("card", alicesCard)
            .build());
    assertThat(sessions.find(mallory.id())).isEmpty();

    Session other = saved(sessions, "carol");
    store.merge(
        keyOf(sessions, other),
        SessionDelta.builder(now, Duration.ofMinutes(30).toMillis())
            .set("cart", store.load(keyOf(sessions, other)).attributes().get("card"))
            .build());
    assertThat(sessions.find(other.id())).isEmpty();
    assertThat(sessions.find(alice.id())).isPresent();
  }

  @Test
  void anUnknownKeyIdIsAMissAndAPlainValueIsRefusedUnlessAllowed() {
    SessionStore store = node();
    Session session = saved(manager(store, "k3:" + K3), "alice");
    String logs =
        capturingStderr(() -> assertThat(manager(store, "k1:" + K1).find(session.id())).isEmpty());
    assertThat(logs)
        .contains("key id k3")
        .contains("does not have")
        .doesNotContain(K3)
        .doesNotContain(K1);

    Session plain = saved(manager(store, null), "bob");
    assertThat(manager(store, "k1:" + K1).find(plain.id())).isEmpty();
    SessionManager migrating =
        SessionManager.builder()
            .store(new Unclosable(store))
            .tenant(tenant)
            .automaticPurge(false)
            .encryptionKeys("k1:" + K1)
            .encryptionAcceptsPlaintext(true)
            .build();
    toClose.add(migrating);
    assertThat(migrating.find(plain.id()).orElseThrow().get("card", String.class))
        .isEqualTo(SECRET_TEXT);
    ReencryptionReport report = migrating.reencrypt();
    assertThat(report.rewritten()).isGreaterThanOrEqualTo(1);
    assertThat(manager(store, "k1:" + K1).find(plain.id()).orElseThrow().get("card", String.class))
        .isEqualTo(SECRET_TEXT);
  }

  @Test
  void rotationReadsOldValuesRewritesOnTheNextSaveAndTheCommandConvertsTheRest() throws Exception {
    SessionStore store = node();
    SessionManager old = manager(store, "k1:" + K1);
    Session saved = saved(old, "alice");
    Session idle = saved(old, "bob");

    // Node b already has the new key first; node a still runs with k1 only (a rolling deploy).
    SessionManager rotated = manager(node(), "k2:" + K2 + ",k1:" + K1);
    Session found = rotated.find(saved.id()).orElseThrow();
    assertThat(found.get("card", String.class)).isEqualTo(SECRET_TEXT);
    found.put("theme", "dark");
    rotated.save(found);
    SessionKey key = keyOf(rotated, found);
    // The whole session was rewritten with k2 at that save, not only the attribute it set.
    for (String attribute : List.of("card", "cart", "theme")) {
      assertThat(rawAttribute(key, attribute)).contains("skenc1:k2:");
    }
    assertThat(rawAttribute(keyOf(rotated, idle), "card")).contains("skenc1:k1:");

    // A node with the new key only cannot read what is left before the command runs ...
    assertThat(manager(store, "k2:" + K2).find(idle.id())).isEmpty();
    // The walk covers every tenant of the server, other tests' sessions included, so only
    // this test's sessions are checked, at rest.
    ReencryptionReport report = rotated.reencrypt();
    assertThat(report.rewritten()).isGreaterThanOrEqualTo(1);
    for (Session session : List.of(saved, idle)) {
      for (String attribute : List.of("card", "cart")) {
        String value = rawAttribute(keyOf(rotated, session), attribute);
        if (value != null) {
          assertThat(value).contains("skenc1:k2:");
        }
      }
    }
    // ... and reads everything after it: the old key can go.
    SessionManager newOnly = manager(node(), "k2:" + K2);
    assertThat(newOnly.find(idle.id()).orElseThrow().get("card", String.class))
        .isEqualTo(SECRET_TEXT);
    assertThat(newOnly.find(saved.id()).orElseThrow().get("theme", String.class)).isEqualTo("dark");
  }

  @Test
  void aRotatedIdKeepsTheValuesReadableUnderTheNewIdOnly() throws Exception {
    SessionStore store = node();
    SessionManager sessions = manager(store, "k1:" + K1);
    Session session = saved(sessions, "alice");
    String oldId = session.id();
    String newId = sessions.rotateId(session);
    assertThat(sessions.find(oldId)).isEmpty();
    Session found = manager(node(), "k1:" + K1).find(newId).orElseThrow();
    assertThat(found.get("card", String.class)).isEqualTo(SECRET_TEXT);
    assertThat(rawAttribute(SessionKey.forId(tenant, newId), "card")).doesNotContain(SECRET_TEXT);
  }

  @Test
  void keysNeverAppearInMessagesOrToString() {
    SessionStore store = node();
    SessionManager sessions = manager(store, "k2:" + K2 + ",k1:" + K1);
    String logs =
        capturingStderr(
            () -> assertThat(manager(node(), "k2:" + K2 + ",k1:" + K1).toString()).isNotEmpty());
    assertThat(sessions.toString() + sessions.store() + sessions.health() + sessions.stats() + logs)
        .doesNotContain(K1)
        .doesNotContain(K2)
        .doesNotContain(K1.substring(0, 20));
    assertThat(sessions.store().toString()).contains("k2").contains("k1");
  }

  @Test
  void reencryptWithoutKeysSaysWhichSettingIsMissing() {
    SessionManager plain = manager(node(), null);
    org.assertj.core.api.Assertions.assertThatThrownBy(plain::reencrypt)
        .isInstanceOf(io.github.sessionkit.ConfigurationException.class)
        .hasMessageContaining("SESSION_ENCRYPTION_KEYS is not set");
  }

  /** Runs {@code action} with System.err (where slf4j-simple logs) captured, and returns it. */
  protected static String capturingStderr(Runnable action) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static final class Unclosable extends ForwardingSessionStore {
    Unclosable(SessionStore delegate) {
      super(delegate);
    }

    @Override
    public void close() {}
  }
}
