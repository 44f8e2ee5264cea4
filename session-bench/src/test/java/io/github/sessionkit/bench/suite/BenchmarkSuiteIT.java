package io.github.sessionkit.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite end to end on real servers, cut to one request on one sessionkit store and its Spring
 * peer, in this JVM and with short iterations: it still starts the servers, runs JMH, measures the
 * floor and writes the document, so none of that can rot between full runs.
 */
class BenchmarkSuiteIT {

  @TempDir Path dir;

  @Test
  void runsTheBenchmarksAndWritesTheirTableIntoTheDocument() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(
        doc,
        "# Benchmarks\n\n" + BenchmarkSuite.BEGIN + "\nold\n" + BenchmarkSuite.END + "\n\nafter\n");

    BenchmarkSuite.run(
        BenchmarkSuite.Options.parse(
            List.of(
                "--quick",
                "--forks",
                "0",
                "--threads",
                "1",
                "--subjects",
                "redis,spring-redis-jdk",
                "--requests",
                "typical",
                "--no-scale",
                "--doc",
                doc.toString(),
                "--out",
                dir.resolve("suite.md").toString())));

    String written = Files.readString(doc);
    assertThat(written).doesNotContain("\nold\n").endsWith(BenchmarkSuite.END + "\n\nafter\n");
    assertThat(written)
        .containsPattern(
            "\\| typical request \\| sessionkit Redis \\| Spring `RedisSessionRepository` \\(JDK\\)"
                + " \\| [0-9.,]+ \\| [0-9.,]+ \\| [0-9.,]+x \\| [0-9.,]+x \\| 1.80x \\|"
                + " (PASS|\\*\\*SHORT\\*\\*) \\|");
    assertThat(written)
        .containsPattern(
            "\\| typical request \\| sessionkit Redis \\| [0-9.,]+ \\| [0-9.,]+ \\| [0-9,]+ "
                + "\\| [0-9.,]+x \\| [0-9.]+ \\|");
    // At one thread a low-priority process kept a core busy, and the report says so.
    assertThat(written).contains("at 1 thread a low-priority process keeps one core busy");
    // Every benchmark's CPU steal is measured (this runs on Linux) and summed up for the run.
    assertThat(written).containsPattern("- CPU steal: [0-9.]+ % on average over the measured");
    assertThat(written)
        .containsPattern("\\| write \\(SET / UPDATE\\) \\| raw JDBC \\(floor\\) \\| [0-9.,]+ \\|");
  }
}
