package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

  private static final long SECOND = 1_000_000_000L;

  private static Progress.Snapshot at(int second, long ops) {
    return new Progress.Snapshot(second * SECOND, 10 * SECOND, 4, ops, 2, 1234.4);
  }

  private static String print(ProgressPrinter.Mode mode, int seconds) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ProgressPrinter printer = new ProgressPrinter(out, mode);
      for (int s = 1; s <= seconds; s++) {
        printer.update(at(s, s * 1000L));
      }
      printer.done(at(seconds, seconds * 1000L));
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theBarShowsElapsedTimeThroughputAndErrors() {
    assertThat(ProgressPrinter.bar(at(3, 3000)))
        .isEqualTo(
            "[#########---------------------]  30%  00:03 / 00:10  users 4  ops 3,000  1,234 ops/s "
                + " errors 2");
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlace() {
    String out = print(ProgressPrinter.Mode.BAR, 10);

    assertThat(out.split("\r", -1)).hasSize(12);
    assertThat(out).doesNotContain("\n[").endsWith("errors 2" + System.lineSeparator());
  }

  @Test
  void elsewhereAPlainLineEveryFiveSeconds() {
    String out = print(ProgressPrinter.Mode.LINES, 10);

    assertThat(out).doesNotContain("\r");
    assertThat(out.lines())
        .containsExactly(
            "progress  50%  00:05 / 00:10  users 4  ops 5,000  1,234 ops/s  errors 2",
            "progress 100%  00:10 / 00:10  users 4  ops 10,000  1,234 ops/s  errors 2",
            "done     100%  00:10 / 00:10  users 4  ops 10,000  1,234 ops/s  errors 2");
    assertThat(print(ProgressPrinter.Mode.OFF, 10)).isEmpty();
  }

  @Test
  void clockShowsHoursOnlyWhenNeeded() {
    assertThat(ProgressPrinter.clock(59 * SECOND)).isEqualTo("00:59");
    assertThat(ProgressPrinter.clock(3_723 * SECOND)).isEqualTo("1:02:03");
  }
}
