package io.github.sessionkit.spi;

import io.github.sessionkit.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Named configuration values (environment variables or properties) with typed, validated reads.
 * Every read of a wrong value throws {@link ConfigurationException} naming the setting, the value
 * with secrets masked, and what is expected.
 *
 * <p>Names are environment-variable style ({@code SESSION_IDLE_TIMEOUT}); when built from
 * properties, the lower-case dotted form ({@code session.idle.timeout}) is accepted too. Blank
 * values count as unset. Immutable and thread-safe.
 */
public final class Settings {

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          ".*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|ENCRYPTION_KEY).*", Pattern.CASE_INSENSITIVE);
  private static final Pattern URL_PASSWORD_PARAM =
      Pattern.compile("((?:^|[?&;])(?:password|sslpassword)=)[^&;]*", Pattern.CASE_INSENSITIVE);

  /**
   * The longest duration any setting accepts: 100 years, far from overflowing epoch milliseconds.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(36_500);

  private static final Pattern PLAIN_DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");
  private static final String DURATION_FORMS =
      "a duration such as PT30M, 30m, 1800s, 2h, 1d or 500ms";

  private static final Settings EMPTY = new Settings(Map.of());

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = values;
  }

  /** No settings at all: every read gives its default. */
  public static Settings empty() {
    return EMPTY;
  }

  /** The process environment. */
  public static Settings fromEnvironment() {
    return of(System.getenv());
  }

  /** Properties, read by variable name or its lower-case dotted alias. */
  public static Settings fromProperties(Properties properties) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(canonicalName(name), properties.getProperty(name));
    }
    return new Settings(Map.copyOf(map));
  }

  /** A map of variable names to values. */
  public static Settings of(Map<String, String> values) {
    Map<String, String> map = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            map.put(canonicalName(k), v);
          }
        });
    return new Settings(Map.copyOf(map));
  }

  /** These settings with {@code overrides} taking precedence. */
  public Settings with(Map<String, String> overrides) {
    Map<String, String> map = new LinkedHashMap<>(values);
    overrides.forEach((k, v) -> map.put(canonicalName(k), v));
    return new Settings(Map.copyOf(map));
  }

  private static String canonicalName(String name) {
    return name.trim().replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** The raw value, or empty when unset or blank. */
  public Optional<String> get(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** The value, or a {@link ConfigurationException} saying it is required and what it holds. */
  public String require(String name, String expected) {
    return get(name)
        .orElseThrow(
            () -> new ConfigurationException(name, name + " is not set: expected " + expected));
  }

  /** A positive duration; ISO-8601 ({@code PT30M}) or a number with a unit ({@code 30m}). */
  public Duration duration(String name, Duration defaultValue) {
    Optional<String> raw = get(name);
    return raw.isEmpty() ? defaultValue : parseDuration(name, raw.get());
  }

  /**
   * Parses a positive duration: ISO-8601 ({@code PT30M}) or a whole number with one of the units
   * ms, s, m, h, d ({@code 30m}, {@code 1800s}).
   *
   * @param name the setting, for the error message
   */
  public static Duration parseDuration(String name, String value) {
    String trimmed = value.trim();
    Duration parsed;
    Matcher plain = PLAIN_DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
    try {
      if (plain.matches()) {
        long amount = Long.parseLong(plain.group(1));
        parsed =
            switch (plain.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              case "h" -> Duration.ofHours(amount);
              default -> Duration.ofDays(amount);
            };
      } else if (trimmed.regionMatches(true, 0, "P", 0, 1)
          || trimmed.regionMatches(true, 0, "-P", 0, 2)) {
        parsed = Duration.parse(trimmed);
      } else {
        throw ConfigurationException.invalid(name, mask(name, value), DURATION_FORMS);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ConfigurationException.invalid(name, mask(name, value), DURATION_FORMS);
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw ConfigurationException.invalid(name, mask(name, value), "a positive " + DURATION_FORMS);
    }
    if (parsed.compareTo(MAX_DURATION) > 0) {
      // Longer ones overflow a millisecond count once added to "now"; no session lives that long.
      throw ConfigurationException.invalid(
          name,
          mask(name, value),
          "a positive " + DURATION_FORMS + " of at most 36500d (100 years)");
    }
    return parsed;
  }

  /** A whole number in {@code [min, max]}. */
  public int integer(String name, int defaultValue, int min, int max) {
    return Setting.integer(name, defaultValue, min, max, name).read(this);
  }

  /**
   * {@code true}/{@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}, {@code
   * 1}/{@code 0}).
   */
  public boolean bool(String name, boolean defaultValue) {
    return Setting.bool(name, defaultValue, name).read(this);
  }

  /** One of the given lower-case words. */
  public String oneOf(String name, String defaultValue, String... allowed) {
    return Setting.choice(name, defaultValue, List.of(allowed), name).read(this);
  }

  /**
   * The value as it may be printed: the whole value for a setting whose name says it is a secret,
   * and any password inside a URL, are replaced by {@code ****}.
   */
  public static String mask(String name, @Nullable String value) {
    if (value == null) {
      return "<unset>";
    }
    if (SECRET_NAME.matcher(name).matches()) {
      return "****";
    }
    return maskUrl(value);
  }

  /**
   * A URL with the password of its user-info part and any password parameter masked, for any text
   * that may be a URL, well-formed or not. The user info is taken to end at the <em>last</em>
   * {@code @} after the {@code //} (or from the start when there is none), because a password may
   * hold {@code / ? # @ :} unencoded; everything between the first {@code :} of the user info and
   * that {@code @} is masked, or all of the user info when it has no {@code :} ({@code
   * redis://secret@host}). Masking too much is preferred to too little: a {@code @} later in a path
   * or query masks everything before it.
   */
  public static String maskUrl(String raw) {
    // Password parameters first: their value may hold an '@' that the user-info rule would take.
    String url = URL_PASSWORD_PARAM.matcher(raw).replaceAll("$1****");
    String masked = url;
    int slashes = url.indexOf("//");
    // Without "//" the text is no URL we know; what a scheme is cannot be told from a user name.
    int authorityStart = slashes >= 0 ? slashes + 2 : 0;
    int userInfoEnd = url.lastIndexOf('@');
    if (userInfoEnd >= authorityStart) {
      int passwordStart = url.indexOf(':', authorityStart);
      masked =
          passwordStart >= 0 && passwordStart < userInfoEnd
              ? url.substring(0, passwordStart + 1) + "****" + url.substring(userInfoEnd)
              : url.substring(0, authorityStart) + "****" + url.substring(userInfoEnd);
    }
    return masked;
  }

  /** Setting names only: values are left out because some are secrets. */
  @Override
  public String toString() {
    return "Settings" + values.keySet();
  }
}
