package io.github.sessionkit.bench.load;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads the command line's durations: a number with a unit ({@code us, ms, s, m, h, d}; decimals
 * allowed, {@code 1.5s}) or ISO-8601 ({@code PT30S}), from zero to {@value #MAX_DAYS} days. Whether
 * zero is allowed is the option's business ({@link LoadOptions}). Stateless.
 */
final class Durations implements CommandLine.ITypeConverter<Duration> {

  static final int MAX_DAYS = 7;
  static final String EXPECTED = "expected a duration such as 500ms, 1.5s, 30s, 10m, 2h or PT30S";
  private static final Duration MAX = Duration.ofDays(MAX_DAYS);
  private static final Pattern AMOUNT =
      Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)\\s*(us|ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Duration parsed;
    Matcher m = AMOUNT.matcher(text);
    try {
      if (m.matches()) {
        double nanosPerUnit =
            switch (m.group(2)) {
              case "us" -> 1e3;
              case "ms" -> 1e6;
              case "s" -> 1e9;
              case "m" -> 60e9;
              case "h" -> 3600e9;
              default -> 86400e9;
            };
        double nanos = Double.parseDouble(m.group(1)) * nanosPerUnit;
        if (nanos > MAX.toNanos()) {
          throw new CommandLine.TypeConversionException(
              "'" + value + "' is too long: expected at most " + MAX_DAYS + " days");
        }
        parsed = Duration.ofNanos(Math.round(nanos));
      } else if (text.startsWith("p")) {
        parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
      } else {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: " + EXPECTED);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration: " + EXPECTED);
    }
    if (parsed.isNegative() || parsed.compareTo(MAX) > 0) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is out of range: " + EXPECTED + ", from 0 to " + MAX_DAYS + " days");
    }
    return parsed;
  }
}
