package io.github.sessionkit.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkSuiteTest {

  @TempDir Path dir;

  @Test
  void defaultsRunEverythingAtOneAndFourThreads() {
    BenchmarkSuite.Options options = BenchmarkSuite.Options.parse(List.of());

    assertThat(options.threads()).containsExactly(1, 4);
    assertThat(options.subjects()).hasSize(12);
    assertThat(options.requests())
        .containsExactly("find", "create", "typical", "readOnly", "mixed");
    assertThat(options.doc()).isEqualTo(Path.of("docs", "benchmarks.md"));
    assertThat(options.scale()).isTrue();
    assertThat(options.keepAwake()).isTrue();
    assertThat(BenchmarkSuite.Options.parse(List.of("--no-keep-awake")).keepAwake()).isFalse();
  }

  @Test
  void wrongOptionsNameTheOptionAndTheValue() {
    assertThatThrownBy(() -> BenchmarkSuite.Options.parse(List.of("--threads", "0")))
        .hasMessage("--threads must be at least 1, got '0'");
    assertThatThrownBy(() -> BenchmarkSuite.Options.parse(List.of("--threads", "two")))
        .hasMessage("--threads must be a whole number of at least 0, got 'two'");
    assertThatThrownBy(() -> BenchmarkSuite.Options.parse(List.of("--subjects", "redis,hazelcast")))
        .hasMessageStartingWith("--subjects: unknown value 'hazelcast'; known: [memory, redis");
    assertThatThrownBy(() -> BenchmarkSuite.Options.parse(List.of("--doc")))
        .hasMessage("--doc needs a value");
    assertThatThrownBy(() -> BenchmarkSuite.Options.parse(List.of("--fast")))
        .hasMessage("unknown option '--fast'");
  }

  @Test
  void replacesOnlyItsOwnSectionOfTheDocument() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(
        doc,
        "# Benchmarks\n\nintro\n\n"
            + BenchmarkSuite.BEGIN
            + "\nold\n"
            + BenchmarkSuite.END
            + "\n\n## Analysis\n\nhand-written\n");

    BenchmarkSuite.writeSection(doc, BenchmarkSuite.BEGIN + "\nnew\n" + BenchmarkSuite.END + "\n");

    assertThat(Files.readString(doc))
        .isEqualTo(
            "# Benchmarks\n\nintro\n\n"
                + BenchmarkSuite.BEGIN
                + "\nnew\n"
                + BenchmarkSuite.END
                + "\n\n## Analysis\n\nhand-written\n");
  }

  @Test
  void appendsItsSectionToADocumentWithoutOne() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(doc, "# Benchmarks\n");

    BenchmarkSuite.writeSection(doc, BenchmarkSuite.BEGIN + "\nnew\n" + BenchmarkSuite.END + "\n");

    assertThat(Files.readString(doc))
        .isEqualTo(
            "# Benchmarks\n\n" + BenchmarkSuite.BEGIN + "\nnew\n" + BenchmarkSuite.END + "\n");
  }
}
