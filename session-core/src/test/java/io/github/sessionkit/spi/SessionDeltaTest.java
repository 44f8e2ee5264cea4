package io.github.sessionkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.internal.SessionIds;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionDeltaTest {

  private final SessionRecord record =
      SessionRecord.builder(SessionKey.forId("t", new SessionIds().next()))
          .principal("alice")
          .createdAt(1_000)
          .lastAccessedAt(2_000)
          .idleTimeoutMillis(60_000)
          .absoluteExpiresAt(100_000)
          .version(4)
          .attributes(Map.of("a", "1", "b", "2"))
          .build();

  @Test
  void applyMergesAttributesKeepsTheLaterAccessAndBumpsTheVersion() {
    SessionRecord merged =
        SessionDelta.builder(1_500, 30_000)
            .set("a", "10")
            .set("c", "3")
            .remove("b")
            .build()
            .applyTo(record);

    assertThat(merged.attributes()).isEqualTo(Map.of("a", "10", "c", "3"));
    assertThat(merged.lastAccessedAt()).isEqualTo(2_000);
    assertThat(merged.idleTimeoutMillis()).isEqualTo(30_000);
    assertThat(merged.version()).isEqualTo(5);
    assertThat(merged.principal()).isEqualTo("alice");
    assertThat(merged.expiresAt()).isEqualTo(32_000);
  }

  @Test
  void principalChangesOnlyWhenAsked() {
    assertThat(SessionDelta.builder(0, 1).principal(null).build().applyTo(record).principal())
        .isNull();
    assertThat(SessionDelta.builder(0, 1).build().applyTo(record).principal()).isEqualTo("alice");
  }

  @Test
  void theLaterOfSetAndRemoveWins() {
    SessionDelta delta =
        SessionDelta.builder(0, 1)
            .set("a", "1")
            .remove("a")
            .set("b", "2")
            .remove("b")
            .set("b", "3")
            .build();
    assertThat(delta.removals()).containsExactly("a");
    assertThat(delta.upserts()).isEqualTo(Map.of("b", "3"));
  }

  @Test
  void expiryIsTheEarlierDeadlineAndDoesNotOverflow() {
    assertThat(SessionRecord.expiresAt(1_000, 500, 10_000)).isEqualTo(1_500);
    assertThat(SessionRecord.expiresAt(1_000, 50_000, 10_000)).isEqualTo(10_000);
    assertThat(SessionRecord.expiresAt(Long.MAX_VALUE - 5, 100, Long.MAX_VALUE))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void invalidValuesAreRefused() {
    assertThatThrownBy(() -> SessionDelta.builder(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idleTimeoutMillis");
    assertThatThrownBy(() -> record.toBuilder().version(0).build()).hasMessageContaining("version");
  }

  @Test
  void toStringShowsNoAttributeValues() {
    assertThat(record.toString())
        .containsPattern("attributes=\\[(a, b|b, a)\\]")
        .doesNotContain("a=1");
  }
}
