package io.github.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.sessionkit.internal.SessionIds;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTest {

  private final SessionSettings settings =
      new SessionSettings(SessionCodec.json(), 60_000, 3_600_000, 6_000, 100, 250);

  private Session newSession() {
    String id = new SessionIds().next();
    return new Session(settings, id, SessionKey.forId("t", id), "alice", 1_000);
  }

  private Session storedSession(Map<String, String> attributes) {
    String id = new SessionIds().next();
    SessionRecord record =
        SessionRecord.builder(SessionKey.forId("t", id))
            .principal("alice")
            .createdAt(1_000)
            .lastAccessedAt(1_000)
            .idleTimeoutMillis(60_000)
            .absoluteExpiresAt(3_601_000)
            .version(7)
            .attributes(attributes)
            .build();
    return new Session(settings, id, record, 2_000);
  }

  @Test
  void aNewSessionHasItsTimesAndNoVersion() {
    Session session = newSession();
    assertThat(session.isNew()).isTrue();
    assertThat(session.version()).isZero();
    assertThat(session.createdAt()).isEqualTo(Instant.ofEpochMilli(1_000));
    assertThat(session.expiresAt()).isEqualTo(Instant.ofEpochMilli(61_000));
    assertThat(session.absoluteExpiresAt()).isEqualTo(Instant.ofEpochMilli(3_601_000));
    assertThat(session.toString()).doesNotContain(session.id()).contains(session.handle());
  }

  @Test
  void theDeltaCarriesOnlyWhatChanged() {
    Session session = storedSession(Map.of("a", "1", "b", "2", "c", "3"));
    assertThat(session.hasChanges()).isFalse();

    session.put("a", 10);
    session.remove("b");
    session.remove("missing");
    session.put("d", "x");
    session.remove("d");

    SessionDelta delta = session.toDelta();
    assertThat(delta.upserts()).isEqualTo(Map.of("a", "10"));
    assertThat(delta.removals()).containsExactly("b");
    assertThat(delta.principalChanged()).isFalse();
    assertThat(delta.lastAccessedAt()).isEqualTo(2_000);
    assertThat(session.attributeNames()).containsExactlyInAnyOrder("a", "c");
    assertThat(session.get("a", Integer.class)).isEqualTo(10);
    assertThat(session.get("b", Integer.class)).isNull();
  }

  @Test
  void aValueTakenBackAfterARemoveIsSetAgain() {
    Session session = storedSession(Map.of("a", "1"));
    session.remove("a");
    session.put("a", 2);
    SessionDelta delta = session.toDelta();
    assertThat(delta.upserts()).isEqualTo(Map.of("a", "2"));
    assertThat(delta.removals()).isEmpty();
  }

  @Test
  void nullRemoves() {
    Session session = storedSession(Map.of("a", "1"));
    session.put("a", null);
    assertThat(session.contains("a")).isFalse();
    assertThat(session.toDelta().removals()).containsExactly("a");
  }

  @Test
  void theSizeLimitsCountEncodedBytesAndLeaveTheSessionAsItWas() {
    Session session = newSession();
    session.put("a", "x".repeat(90));
    assertThatThrownBy(() -> session.put("big", "é".repeat(60)))
        .isInstanceOf(SizeLimitExceededException.class)
        .hasMessageContaining("'big'")
        .hasMessageContaining("125 bytes")
        .hasMessageContaining("limit of 100")
        .satisfies(
            e -> {
              SizeLimitExceededException s = (SizeLimitExceededException) e;
              assertThat(s.attribute()).isEqualTo("big");
              assertThat(s.size()).isEqualTo(125);
              assertThat(s.limit()).isEqualTo(100);
            });
    session.put("b", "y".repeat(90));
    assertThatThrownBy(() -> session.put("c", "z".repeat(90)))
        .isInstanceOf(SizeLimitExceededException.class)
        .hasMessageContaining("limit of 250");
    session.put("a", "short");
    session.put("c", "z".repeat(90));
    assertThat(session.attributeNames()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void badAttributeNamesAreRefused() {
    Session session = newSession();
    assertThatThrownBy(() -> session.put("", 1)).isInstanceOf(InvalidAttributeNameException.class);
    assertThatThrownBy(() -> session.put("x".repeat(257), 1))
        .isInstanceOf(InvalidAttributeNameException.class)
        .hasMessageContaining("257");
    assertThatThrownBy(() -> session.put("a\u0000b", 1))
        .isInstanceOf(InvalidAttributeNameException.class)
        .hasMessageContaining("control");
    assertThatThrownBy(() -> session.put("cart\uD800", 1))
        .isInstanceOf(InvalidAttributeNameException.class)
        .hasMessageContaining("lone surrogate (U+D800)")
        .satisfies(e -> assertThat(((AttributeException) e).attribute()).isEqualTo("cart\uD800"));
    assertThatThrownBy(() -> session.put("\uDC00cart", 1))
        .isInstanceOf(InvalidAttributeNameException.class);
    session.put("emoji\uD83D\uDE00", 1); // a well-formed pair is fine
    assertThat(session.attributeNames()).containsExactly("emoji\uD83D\uDE00");
  }

  @Test
  void aValueThatEncodesToALoneSurrogateIsRefusedAndTheSessionIsUnchanged() {
    Session session = newSession();
    session.put("kept", "yes");
    assertThatThrownBy(() -> session.put("bad", "x\uD800y"))
        .isInstanceOf(AttributeSerializationException.class)
        .hasMessageContaining("'bad'")
        .hasMessageContaining("lone surrogate");
    assertThat(session.attributeNames()).containsExactly("kept");
    session.put("nul", "a\u0000b"); // NUL inside a JSON string is escaped and round-trips
    assertThat(session.get("nul", String.class)).isEqualTo("a\u0000b");
  }

  @Test
  void principalsNoStoreCouldKeepExactlyAreRefused() {
    Session session = newSession();
    assertThatThrownBy(() -> session.setPrincipal("bob\uD800"))
        .isInstanceOf(InvalidPrincipalException.class)
        .hasMessageContaining("lone surrogate");
    assertThatThrownBy(() -> session.setPrincipal("bo\u0000b"))
        .isInstanceOf(InvalidPrincipalException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> session.setPrincipal("b".repeat(3000)))
        .isInstanceOf(InvalidPrincipalException.class)
        .hasMessageContaining("at most 256");
    assertThatThrownBy(() -> session.setPrincipal(""))
        .isInstanceOf(InvalidPrincipalException.class);
    assertThat(session.principal()).as("unchanged").isEqualTo("alice");
    session.setPrincipal("\uD83D\uDE00".repeat(128)); // 256 chars of well-formed pairs
    assertThat(session.principal()).hasSize(256);
  }

  @Test
  void aStoredValueOfAnotherTypeIsAClearDecodingError() {
    Session session = storedSession(Map.of("count", "\"not a number\"", "broken", "{oops"));
    assertThatThrownBy(() -> session.get("count", Integer.class))
        .isInstanceOf(AttributeDecodingException.class)
        .hasMessageContaining("'count'")
        .hasMessageContaining("java.lang.Integer");
    assertThatThrownBy(() -> session.get("broken", Map.class))
        .isInstanceOf(AttributeDecodingException.class)
        .hasMessageContaining("'broken'");
    assertThat(session.get("count", String.class)).isEqualTo("not a number");
  }

  /** A class whose JSON would name a class to instantiate. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
  public static class Polymorphic {
    public String value = "v";
  }

  @Test
  void storedDataNeverChoosesAClassToInstantiate() {
    Session session =
        storedSession(
            Map.of(
                "gadget",
                "{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"touch\",\"/tmp/pwned\"]}"));
    assertThatThrownBy(() -> session.get("gadget", Polymorphic.class))
        .isInstanceOf(AttributeDecodingException.class);
    assertThat(session.get("gadget", Map.class)).containsKey("@class");
  }

  @Test
  void anInvalidatedSessionCannotChange() {
    Session session = newSession();
    session.markInvalidated();
    assertThatThrownBy(() -> session.put("a", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("invalidated");
    assertThatThrownBy(() -> session.setIdleTimeout(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theIdleTimeoutCanBeChangedPerSession() {
    Session session = storedSession(Map.of());
    session.setIdleTimeout(Duration.ofHours(2));
    assertThat(session.hasChanges()).isTrue();
    assertThat(session.toDelta().idleTimeoutMillis()).isEqualTo(7_200_000);
    assertThat(session.expiresAt())
        .as("capped by the absolute expiry")
        .isEqualTo(Instant.ofEpochMilli(3_601_000));
    assertThatThrownBy(() -> session.setIdleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void genericAttributesDecodeThroughAnAttributeType() {
    Session session = storedSession(Map.of("list", "[{\"n\":1},{\"n\":2}]"));
    List<Map<String, Integer>> list =
        session.get("list", new AttributeType<List<Map<String, Integer>>>() {});
    assertThat(list).extracting(m -> m.get("n")).containsExactly(1, 2);
  }
}
