package io.github.sessionkit.spi;

import io.github.sessionkit.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One configuration knob, declared once: its variable name, the type of its values, its default,
 * its bounds, whether it is a secret, and one line saying what it does. The builders take their
 * defaults and bounds from it, {@link Settings} readers and the store providers read it through
 * {@link #read}, and the README's configuration table is checked against it.
 *
 * <p>Every wrong value, from the environment or from a builder, is refused with a message naming
 * the setting, the value (a secret masked, a long value cut) and what is expected. Immutable and
 * thread-safe.
 *
 * @param <T> the type of the setting's values
 */
public final class Setting<T> {

  private final String name;
  private final Class<T> type;
  private final @Nullable T defaultValue;
  private final String defaultText;
  private final boolean documentedDefault;
  private final String bounds;
  private final String expected;
  private final String doc;
  private final boolean secret;
  private final Parser<T> parser;
  private final Bounds<T> boundsCheck;

  @FunctionalInterface
  private interface Parser<T> {
    T parse(String name, String raw, String masked);
  }

  @FunctionalInterface
  private interface Bounds<T> {
    boolean contains(T value);
  }

  private Setting(
      String name,
      Class<T> type,
      @Nullable T defaultValue,
      String defaultText,
      boolean documentedDefault,
      String boundsText,
      String expected,
      String doc,
      boolean secret,
      Parser<T> parser,
      Bounds<T> bounds) {
    this.name = requireName(name);
    this.type = type;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.documentedDefault = documentedDefault;
    this.bounds = boundsText;
    this.expected = expected;
    this.doc = Objects.requireNonNull(doc, "doc");
    this.secret = secret;
    this.parser = parser;
    this.boundsCheck = bounds;
    if (defaultValue != null && !bounds.contains(defaultValue)) {
      throw new IllegalArgumentException(
          name + ": the default " + defaultValue + " is outside its own bounds: " + expected);
    }
  }

  private static String requireName(String name) {
    if (!name.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("not an environment-variable name: " + name);
    }
    return name;
  }

  /**
   * A positive duration from {@code min} to {@code max}, given as ISO-8601 ({@code PT30M}) or a
   * whole number with a unit ({@code 30m}, {@code 500ms}); {@code defaultValue} null for none.
   */
  public static Setting<Duration> duration(
      String name, @Nullable Duration defaultValue, Duration min, Duration max, String doc) {
    if (min.isNegative() || min.isZero() || max.compareTo(Settings.MAX_DURATION) > 0) {
      throw new IllegalArgumentException(name + ": bounds must be positive and at most 100 years");
    }
    String expected =
        "a duration such as PT30M, 30m, 1800s, 2h, 1d or 500ms, from "
            + Durations.text(min)
            + " to "
            + Durations.text(max);
    return new Setting<>(
        name,
        Duration.class,
        defaultValue,
        defaultValue == null ? "none" : Durations.text(defaultValue),
        false,
        range(
            min.equals(Duration.ofMillis(1)) ? null : Durations.text(min),
            max.equals(Settings.MAX_DURATION) ? null : Durations.text(max)),
        expected,
        doc,
        false,
        (n, raw, masked) -> Settings.parseDuration(n, raw),
        d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0);
  }

  /** A positive duration of at most 100 years. */
  public static Setting<Duration> duration(
      String name, @Nullable Duration defaultValue, String doc) {
    return duration(name, defaultValue, Duration.ofMillis(1), Settings.MAX_DURATION, doc);
  }

  /** A whole number from {@code min} to {@code max}; {@code defaultValue} null for none. */
  public static Setting<Integer> integer(
      String name, @Nullable Integer defaultValue, int min, int max, String doc) {
    String expected = "a whole number from " + min + " to " + max;
    return new Setting<>(
        name,
        Integer.class,
        defaultValue,
        defaultValue == null ? "none" : defaultValue.toString(),
        false,
        range(
            min <= 1 && max == Integer.MAX_VALUE ? null : String.valueOf(min),
            min <= 1 && max == Integer.MAX_VALUE ? null : String.valueOf(max)),
        expected,
        doc,
        false,
        (n, raw, masked) -> {
          try {
            return Math.toIntExact(Long.parseLong(raw));
          } catch (NumberFormatException | ArithmeticException e) {
            throw ConfigurationException.invalid(n, masked, expected);
          }
        },
        v -> v >= min && v <= max);
  }

  /**
   * {@code true} or {@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}, {@code
   * 1}/{@code 0}); {@code defaultValue} null when the default depends on other settings.
   */
  public static Setting<Boolean> bool(String name, @Nullable Boolean defaultValue, String doc) {
    return new Setting<>(
        name,
        Boolean.class,
        defaultValue,
        defaultValue == null ? "none" : defaultValue.toString(),
        false,
        "",
        "true or false",
        doc,
        false,
        (n, raw, masked) ->
            switch (raw.toLowerCase(Locale.ROOT)) {
              case "true", "yes", "on", "1" -> true;
              case "false", "no", "off", "0" -> false;
              default -> throw ConfigurationException.invalid(n, masked, "true or false");
            },
        v -> true);
  }

  /** One of the given lower-case words, matched without regard to case. */
  public static Setting<String> choice(
      String name, String defaultValue, List<String> choices, String doc) {
    List<String> allowed = List.copyOf(choices);
    String expected = "one of " + String.join(", ", allowed);
    return new Setting<>(
        name,
        String.class,
        defaultValue,
        defaultValue,
        false,
        "",
        expected,
        doc,
        false,
        (n, raw, masked) -> {
          String value = raw.toLowerCase(Locale.ROOT);
          if (!allowed.contains(value)) {
            throw ConfigurationException.invalid(n, masked, expected);
          }
          return value;
        },
        allowed::contains);
  }

  /**
   * Free text whose form the reader checks itself (a URL, a prefix, a list); {@code expected} says
   * what it must look like, for messages.
   */
  public static Setting<String> text(
      String name, @Nullable String defaultValue, String expected, String doc) {
    return new Setting<>(
        name,
        String.class,
        defaultValue,
        defaultValue == null ? "none" : defaultValue,
        false,
        "",
        expected,
        doc,
        false,
        (n, raw, masked) -> raw,
        v -> true);
  }

  /** Text that is never printed (a password, a key): every message shows it as {@code ****}. */
  public static Setting<String> secret(String name, String expected, String doc) {
    return new Setting<>(
        name,
        String.class,
        null,
        "none",
        false,
        "",
        expected,
        doc,
        true,
        (n, raw, masked) -> raw,
        v -> true);
  }

  /**
   * This setting with its default described as {@code text} in documentation, for a default that
   * depends on other settings (such as "idle timeout / 10"). The text is Markdown, shown as it is.
   */
  public Setting<T> documentedDefault(String text) {
    return new Setting<>(
        name, type, defaultValue, text, true, bounds, expected, doc, secret, parser, boundsCheck);
  }

  private static String range(@Nullable String min, @Nullable String max) {
    if (min == null && max == null) {
      return "";
    }
    if (min == null) {
      return "at most " + max;
    }
    return max == null ? "at least " + min : min + "-" + max;
  }

  /** The variable name, such as {@code SESSION_IDLE_TIMEOUT}. */
  public String name() {
    return name;
  }

  /** The type of the values. */
  public Class<T> type() {
    return type;
  }

  /** The value used when the setting is not set, if it has a fixed one. */
  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** The default as documentation shows it. */
  public String defaultText() {
    return defaultText;
  }

  /**
   * Whether {@link #defaultText()} was written by hand ({@link #documentedDefault}) rather than
   * being the default value in the form settings accept.
   */
  public boolean hasDocumentedDefault() {
    return documentedDefault;
  }

  /**
   * The bounds in short, for documentation: {@code 1-50}, {@code at least 250ms}, {@code at most
   * 24d}; empty where any positive value is taken.
   */
  public String bounds() {
    return bounds;
  }

  /** What a valid value is, as error messages say it. */
  public String expected() {
    return expected;
  }

  /** One line saying what the setting does. */
  public String doc() {
    return doc;
  }

  /** Whether values are secrets, never printed. */
  public boolean secret() {
    return secret;
  }

  /**
   * The value in {@code settings}, if set (blank counts as unset), parsed and checked.
   *
   * @throws ConfigurationException naming this setting and the value if it is not valid
   */
  public Optional<T> find(Settings settings) {
    Optional<String> raw = settings.get(name);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    String masked = masked(raw.get());
    T value = parser.parse(name, raw.get(), masked);
    if (!boundsCheck.contains(value)) {
      throw ConfigurationException.invalid(name, masked, expected);
    }
    return Optional.of(value);
  }

  /**
   * The value in {@code settings}, or the default.
   *
   * @throws ConfigurationException naming this setting if the value is not valid, or if it is not
   *     set and has no default
   */
  public T read(Settings settings) {
    Optional<T> value = find(settings);
    if (value.isPresent()) {
      return value.get();
    }
    if (defaultValue == null) {
      throw new ConfigurationException(name, name + " is not set: expected " + expected);
    }
    return defaultValue;
  }

  /** The value in {@code settings}, or {@code fallback} (a default computed from others). */
  public T read(Settings settings, T fallback) {
    return find(settings).orElse(fallback);
  }

  /**
   * Checks a value given to a builder method against this setting's bounds.
   *
   * @param parameter the builder method, for the message
   * @return the value
   * @throws IllegalArgumentException naming the method and this setting if it is out of bounds
   */
  public T check(String parameter, T value) {
    Objects.requireNonNull(value, parameter);
    if (!boundsCheck.contains(value)) {
      throw new IllegalArgumentException(
          parameter
              + " (the "
              + name
              + " setting) must be "
              + expected
              + ", got "
              + (secret ? "****" : value));
    }
    return value;
  }

  /** {@code raw} as it may be printed for this setting: masked if secret, a URL's password too. */
  public String masked(String raw) {
    return secret ? "****" : Settings.mask(name, raw);
  }

  /** The name, type and default; never a value. */
  @Override
  public String toString() {
    return name + " (" + type.getSimpleName() + ", default " + defaultText + ")";
  }

  /** How durations are written in documentation and messages: the largest exact unit. */
  static final class Durations {
    private Durations() {}

    static String text(Duration d) {
      long ms = d.toMillis();
      if (ms % 86_400_000L == 0) {
        return ms / 86_400_000L + "d";
      }
      if (ms % 3_600_000L == 0) {
        return ms / 3_600_000L + "h";
      }
      if (ms % 60_000L == 0) {
        return ms / 60_000L + "m";
      }
      if (ms % 1000 == 0) {
        return ms / 1000 + "s";
      }
      return ms + "ms";
    }
  }
}
