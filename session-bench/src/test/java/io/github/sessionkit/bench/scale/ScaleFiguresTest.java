package io.github.sessionkit.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.bench.scale.LatencyProbe.Latency;
import io.github.sessionkit.bench.scale.ScaleFigures.Config;
import io.github.sessionkit.bench.scale.ScaleFigures.StoreFigures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line and the report's formatting, without any server. */
class ScaleFiguresTest {

  @Test
  void noArgumentsMeanTheDefaults() {
    Config config = Config.parse(List.of());

    assertThat(config).isEqualTo(Config.defaults());
    assertThat(config.redisUrl()).isNull();
    assertThat(config.jdbcUrl()).isNull();
    assertThat(config.small()).isEqualTo(10_000);
    assertThat(config.large()).isEqualTo(1_000_000);
    assertThat(config.measurement()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.warmup()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.threads()).isEqualTo(8);
    assertThat(config.keepAwake()).isTrue();
  }

  @Test
  void everyFlagIsRead() {
    Config config =
        Config.parse(
            List.of(
                "--redis-url",
                "redis://127.0.0.1:6380",
                "--jdbc-url",
                "jdbc:postgresql://db:5432/app?user=u&password=p",
                "--small",
                "200",
                "--large=1000",
                "--seconds",
                "1.5",
                "--warmup",
                "0",
                "--threads",
                "4",
                "--no-keep-awake"));

    assertThat(config)
        .isEqualTo(
            new Config(
                "redis://127.0.0.1:6380",
                "jdbc:postgresql://db:5432/app?user=u&password=p",
                200,
                1000,
                Duration.ofMillis(1500),
                Duration.ZERO,
                4,
                false));
  }

  @Test
  void aBadValueIsRefusedNamingItsFlag() {
    assertThatThrownBy(() -> Config.parse(List.of("--small", "ten")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--small")
        .hasMessageContaining("'ten'");
    assertThatThrownBy(() -> Config.parse(List.of("--threads", "0")))
        .hasMessageContaining("--threads")
        .hasMessageContaining("from 1 to 48");
    assertThatThrownBy(() -> Config.parse(List.of("--seconds", "0")))
        .hasMessageContaining("--seconds")
        .hasMessageContaining("'0'");
    assertThatThrownBy(() -> Config.parse(List.of("--warmup", "-1")))
        .hasMessageContaining("--warmup");
    assertThatThrownBy(() -> Config.parse(List.of("--redis-url", "localhost:6379")))
        .hasMessageContaining("--redis-url")
        .hasMessageContaining("redis://");
    assertThatThrownBy(() -> Config.parse(List.of("--jdbc-url", "postgresql://u:p@db/app")))
        .hasMessageContaining("--jdbc-url")
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  void largeMustExceedSmall() {
    assertThatThrownBy(() -> Config.parse(List.of("--small", "5000", "--large", "5000")))
        .hasMessageContaining("--large")
        .hasMessageContaining("--small");
  }

  @Test
  void unknownRepeatedAndIncompleteArgumentsAreRefused() {
    assertThatThrownBy(() -> Config.parse(List.of("--sessions", "10")))
        .hasMessageContaining("unknown argument '--sessions'");
    assertThatThrownBy(() -> Config.parse(List.of("--small", "1", "--small", "2")))
        .hasMessageContaining("--small is given twice");
    assertThatThrownBy(() -> Config.parse(List.of("--large")))
        .hasMessageContaining("--large needs a value");
    assertThatThrownBy(() -> Config.parse(List.of("--no-keep-awake=yes")))
        .hasMessageContaining("--no-keep-awake takes no value");
  }

  @Test
  void aBadCommandLineExitsWithTwoAndNamesTheArgument() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = ScaleFigures.run(List.of("--threads", "many"), print(out), print(err));

    assertThat(code).isEqualTo(ScaleFigures.EXIT_USAGE).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("error: --threads")
        .contains("Usage:");
    assertThat(out.size()).isZero();
  }

  @Test
  void helpPrintsTheUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int code = ScaleFigures.run(List.of("--help"), print(out), print(new ByteArrayOutputStream()));

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "--redis-url",
            "--jdbc-url",
            "--small",
            "--large",
            "--seconds",
            "--warmup",
            "--threads");
  }

  @Test
  void numbersAreFormattedForTheReport() {
    assertThat(ScaleFigures.micros(412)).isEqualTo("0.412");
    assertThat(ScaleFigures.micros(3_851)).isEqualTo("3.85");
    assertThat(ScaleFigures.micros(41_240)).isEqualTo("41.2");
    assertThat(ScaleFigures.micros(1_412_000)).isEqualTo("1,412");
    assertThat(ScaleFigures.count(10_000)).isEqualTo("10k");
    assertThat(ScaleFigures.count(1_000_000)).isEqualTo("1M");
    assertThat(ScaleFigures.count(2_500_000)).isEqualTo("2.5M");
    assertThat(ScaleFigures.count(1_500)).isEqualTo("1.5k");
    assertThat(ScaleFigures.count(200)).isEqualTo("200");
    assertThat(ScaleFigures.count(12_345)).isEqualTo("12,345");
  }

  @Test
  void theReportHasBothTablesAndTheChangeFromSmallToLarge() {
    Config config = Config.defaults();
    List<StoreFigures> figures =
        List.of(
            figures("memory", 2_000, 10_000),
            figures("redis", 1_500, 50_000),
            figures("postgresql", 1_600, 150_000));

    String md = ScaleFigures.render(config, figures);

    assertThat(md)
        .contains(
            "a background thread keeps one core busy",
            "| memory | ≈ 2,000 |",
            "| redis | 1,500 |",
            "| postgresql | 1,600 |",
            "| tiered (local -> Redis -> PostgreSQL) | 3,100, plus ≈ 2,000 for a session in the"
                + " local tier |",
            "at most about 200 MB of heap",
            "| store | operation | sessions stored | median µs | p99 µs | ops measured | median 1M"
                + " / 10k |",
            "| postgresql | find | 10,000 | 150 | 300 | 1,000,000 |  |",
            "| postgresql | find | 1,000,000 | 300 | 600 | 1,000,000 | 2.00x |",
            "| redis | find, change `theme`, save | 1,000,000 | 100 | 200 | 1,000,000 | 2.00x |");
    assertThat(md.lines().filter(l -> l.startsWith("| memory |"))).hasSize(5);
  }

  private static StoreFigures figures(String store, long bytesPerSession, long smallMedian) {
    int added = 990_000;
    long before = 10_000_000;
    List<Latency> latencies =
        List.of(
            new Latency(ScaleFigures.FIND, 10_000, smallMedian, smallMedian * 2, 1_000_000),
            new Latency(ScaleFigures.TYPICAL, 10_000, smallMedian, smallMedian * 2, 1_000_000),
            new Latency(ScaleFigures.FIND, 1_000_000, smallMedian * 2, smallMedian * 4, 1_000_000),
            new Latency(
                ScaleFigures.TYPICAL, 1_000_000, smallMedian * 2, smallMedian * 4, 1_000_000));
    return new StoreFigures(
        store,
        store + " server",
        "counted",
        before,
        before + bytesPerSession * added,
        added,
        latencies);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
