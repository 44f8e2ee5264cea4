package io.github.sessionkit.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeepAwakeTest {

  @Test
  void theLowPriorityProcessBurnsCpuUntilClosed() throws Exception {
    ProcessHandle child;
    try (KeepAwake awake = KeepAwake.lowPriorityProcess()) {
      assertThat(awake.isSpinning()).isTrue();
      child = awake.process();
      assertThat(child).isNotNull();
      Thread.sleep(1_500);
      // JVM start-up alone takes far less than 300 ms of CPU; the rest is the spin loop.
      assertThat(child.info().totalCpuDuration().orElseThrow())
          .isGreaterThan(Duration.ofMillis(600));
      assertThat(awake.isSpinning()).isTrue();
      assertThat(new KeepAwake(true).process()).isNull();
    }
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void aThreadSpinsOnlyWhenEnabled() {
    try (KeepAwake off = new KeepAwake(false);
        KeepAwake on = new KeepAwake(true)) {
      assertThat(off.isSpinning()).isFalse();
      assertThat(on.isSpinning()).isTrue();
    }
  }
}
