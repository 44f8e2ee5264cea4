package io.github.sessionkit;

import org.jspecify.annotations.Nullable;

/**
 * A configuration value is missing or wrong. The message names the setting, echoes the value
 * (secrets masked) and says what is expected. Thrown at start-up, never later.
 */
public class ConfigurationException extends SessionException {

  private static final long serialVersionUID = 1L;

  private final String setting;

  public ConfigurationException(String setting, String message) {
    super(message);
    this.setting = setting;
  }

  public ConfigurationException(String setting, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.setting = setting;
  }

  /**
   * Builds the standard message: {@code SETTING='value' is not valid: expected ...}.
   *
   * @param maskedValue the value as it may be shown, secrets already masked
   */
  public static ConfigurationException invalid(
      String setting, @Nullable String maskedValue, String expected) {
    return new ConfigurationException(
        setting,
        setting
            + "="
            + (maskedValue == null ? "<unset>" : "'" + shortened(maskedValue) + "'")
            + " is not valid: expected "
            + expected);
  }

  /** Longest part of a value echoed in a message; a megabyte pasted by mistake is cut. */
  static final int MAX_ECHOED_CHARS = 120;

  private static String shortened(String value) {
    return value.length() <= MAX_ECHOED_CHARS
        ? value
        : value.substring(0, MAX_ECHOED_CHARS) + "... (" + value.length() + " characters)";
  }

  /** The setting (environment variable, property or builder method) at fault. */
  public String setting() {
    return setting;
  }
}
