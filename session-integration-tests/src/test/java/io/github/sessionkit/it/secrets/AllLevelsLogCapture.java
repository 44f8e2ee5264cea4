package io.github.sessionkit.it.secrets;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.simple.SimpleLogger;

/**
 * Captures every log line, at every level down to TRACE, of the library and the clients it drives
 * (HikariCP, Jedis, PgJDBC's slf4j users), while an action runs.
 *
 * <p>The test binding is slf4j-simple, which writes to {@code System.err} (looked up at each line)
 * and fixes each logger's level when the logger is created. So the capture swaps {@code
 * System.err}, sets TRACE for loggers created from now on through slf4j-simple's system properties
 * (read at each logger's creation), and lowers the level of loggers created earlier by other tests
 * in the same JVM (its field, by reflection: slf4j-simple has no API for it). Levels are put back
 * afterwards. Not thread-safe; tests using it run alone.
 */
final class AllLevelsLogCapture {

  private static final List<String> PREFIXES =
      List.of(
          "io.github.sessionkit",
          "com.zaxxer.hikari",
          "redis.clients",
          "org.postgresql",
          "io.github.resilience4j");
  private static final int TRACE = 0; // SimpleLogger's LOG_LEVEL_TRACE

  private AllLevelsLogCapture() {}

  static String during(Runnable action) {
    Map<String, String> properties = new HashMap<>();
    for (String prefix : PREFIXES) {
      String key = SimpleLogger.LOG_KEY_PREFIX + prefix;
      properties.put(key, System.getProperty(key));
      System.setProperty(key, "trace");
    }
    Map<SimpleLogger, Integer> lowered = lowerExistingLoggers();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
      lowered.forEach(AllLevelsLogCapture::setLevel);
      properties.forEach(
          (key, value) -> {
            if (value == null) {
              System.clearProperty(key);
            } else {
              System.setProperty(key, value);
            }
          });
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** Whether a logger of the library at TRACE is really enabled in this JVM (the capture works). */
  static boolean traceEnabled(String name) {
    return LoggerFactory.getLogger(name).isTraceEnabled();
  }

  @SuppressWarnings("unchecked")
  private static Map<SimpleLogger, Integer> lowerExistingLoggers() {
    Map<SimpleLogger, Integer> previous = new HashMap<>();
    try {
      ILoggerFactory factory = LoggerFactory.getILoggerFactory();
      Field map = factory.getClass().getDeclaredField("loggerMap");
      map.setAccessible(true);
      for (Map.Entry<String, Logger> e :
          ((ConcurrentMap<String, Logger>) map.get(factory)).entrySet()) {
        if (e.getValue() instanceof SimpleLogger logger
            && PREFIXES.stream().anyMatch(e.getKey()::startsWith)) {
          previous.put(logger, level(logger));
          setLevel(logger, TRACE);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "slf4j-simple changed: the capture cannot lower log levels", e);
    }
    return previous;
  }

  private static Field levelField() throws NoSuchFieldException {
    Field level = SimpleLogger.class.getDeclaredField("currentLogLevel");
    level.setAccessible(true);
    return level;
  }

  private static int level(SimpleLogger logger) throws ReflectiveOperationException {
    return levelField().getInt(logger);
  }

  private static void setLevel(SimpleLogger logger, int value) {
    try {
      levelField().setInt(logger, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
