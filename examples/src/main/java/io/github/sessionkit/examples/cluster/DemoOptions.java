package io.github.sessionkit.examples.cluster;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The demo's settings, from command-line flags first, then environment variables, then defaults.
 *
 * @param port1 port of node 1, 0 for any free port
 * @param port2 port of node 2, 0 for any free port
 * @param exitAfter stop by itself after this long, or null to run until Ctrl-C
 * @param databaseUrl an external PostgreSQL server, or null to start an embedded one
 * @param redisUrl an external Redis server, or null to start an embedded one
 * @param trafficPerSecond synthetic session reads and writes per second on each node; 0 for none
 */
record DemoOptions(
    int port1,
    int port2,
    @Nullable Duration exitAfter,
    @Nullable String databaseUrl,
    @Nullable String redisUrl,
    int trafficPerSecond) {

  static final int DEFAULT_PORT1 = 8081;
  static final int DEFAULT_PORT2 = 8082;
  static final int DEFAULT_TRAFFIC = 4;

  static final String USAGE =
      String.join(
          "\n",
          "usage: ClusterDemo [--port1 <port>] [--port2 <port>] [--traffic <per second>]"
              + " [--exit-after <duration>]",
          "  --port1 <port>           port of node 1 (env DEMO_PORT1, default "
              + DEFAULT_PORT1
              + "; 0 = any free port)",
          "  --port2 <port>           port of node 2 (env DEMO_PORT2, default "
              + DEFAULT_PORT2
              + "; 0 = any free port)",
          "  --traffic <n>            synthetic session reads+writes per second on each node, so"
              + " the admin page",
          "                           moves on its own (env DEMO_TRAFFIC, default "
              + DEFAULT_TRAFFIC
              + "; 0 = none)",
          "  --exit-after <duration>  stop by itself after this long (30s, 5m, PT1M); default: run"
              + " until Ctrl-C",
          "environment: DATABASE_URL (postgresql://user:password@host:5432/db) and REDIS_URL"
              + " (redis://host:6379)",
          "  use those servers instead of starting embedded ones");

  private static final Pattern PLAIN_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  DemoOptions {
    checkPort("port1", port1);
    checkPort("port2", port2);
    if (port1 != 0 && port1 == port2) {
      throw new IllegalArgumentException(
          "--port1 and --port2 are both " + port1 + ": the two nodes need two ports");
    }
    if (exitAfter != null && (exitAfter.isNegative() || exitAfter.isZero())) {
      throw new IllegalArgumentException("--exit-after must be positive, got " + exitAfter);
    }
    if (trafficPerSecond < 0 || trafficPerSecond > 100) {
      throw new IllegalArgumentException(
          "--traffic must be from 0 to 100 per second, got " + trafficPerSecond);
    }
  }

  /**
   * Reads flags ({@code --name value} or {@code --name=value}) and the environment.
   *
   * @throws IllegalArgumentException naming the flag or variable and the bad value
   */
  static DemoOptions parse(String[] args, Map<String, String> env) {
    String port1 = env(env, "DEMO_PORT1");
    String port2 = env(env, "DEMO_PORT2");
    String traffic = env(env, "DEMO_TRAFFIC");
    String port1Source = "DEMO_PORT1";
    String port2Source = "DEMO_PORT2";
    String trafficSource = "DEMO_TRAFFIC";
    String exitAfter = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (!name.equals("--port1")
          && !name.equals("--port2")
          && !name.equals("--exit-after")
          && !name.equals("--traffic")) {
        throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = args[++i];
      }
      switch (name) {
        case "--port1" -> {
          port1 = value;
          port1Source = "--port1";
        }
        case "--port2" -> {
          port2 = value;
          port2Source = "--port2";
        }
        case "--traffic" -> {
          traffic = value;
          trafficSource = "--traffic";
        }
        default -> exitAfter = value;
      }
    }
    return new DemoOptions(
        port1 == null ? DEFAULT_PORT1 : port(port1Source, port1),
        port2 == null ? DEFAULT_PORT2 : port(port2Source, port2),
        exitAfter == null ? null : duration("--exit-after", exitAfter),
        env(env, "DATABASE_URL"),
        env(env, "REDIS_URL"),
        traffic == null ? DEFAULT_TRAFFIC : integer(trafficSource, traffic));
  }

  private static @Nullable String env(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static int integer(String source, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " must be a whole number, got '" + value + "'");
    }
  }

  private static int port(String source, String value) {
    int port = integer(source, value);
    checkPort(source, port);
    return port;
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be a port from 0 to 65535, got " + port);
    }
  }

  /** A duration the way the flags take it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds != 0 && seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds != 0 && seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or ISO-8601 ({@code PT30S}). */
  static Duration duration(String source, String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Matcher plain = PLAIN_DURATION.matcher(text);
    try {
      if (plain.matches()) {
        long amount = Long.parseLong(plain.group(1));
        return switch (plain.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      }
      return Duration.parse(value.trim());
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          source + " must be a duration such as 30s, 5m or PT1M, got '" + value + "'");
    }
  }
}
