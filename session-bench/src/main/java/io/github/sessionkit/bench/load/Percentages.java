package io.github.sessionkit.bench.load;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads a percentage from 0 to 100, with or without the % sign ({@code 99.5}, {@code 80%}).
 * Stateless.
 */
final class Percentages implements CommandLine.ITypeConverter<Double> {

  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,6})?)\\s*%?");

  @Override
  public Double convert(String value) {
    Matcher m = PERCENT.matcher(value.trim());
    double p = m.matches() ? Double.parseDouble(m.group(1)) : -1;
    if (p < 0 || p > 100) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not valid: expected a percentage from 0 to 100, such as 99.5");
    }
    return p;
  }
}
