package io.github.sessionkit.servlet;

import org.jspecify.annotations.Nullable;

/**
 * The value the filter hands the client: the session id, then a dot and the version of the session
 * the client last saw ({@code <id>.<version>}). Given back on the next request, the version lets
 * any node refuse a cached copy older than what this client already saw, so a browser bouncing
 * between nodes reads its own writes. Ids never contain a dot; a value without one is a bare id
 * (clients from before, or bearer tokens that keep the first value).
 *
 * @param id the session id as presented (validated later by the manager)
 * @param minVersion the version presented, or 0 when none was
 */
record VersionedId(String id, long minVersion) {

  /** Versions have at most 18 digits, so parsing never overflows. */
  private static final int MAX_VERSION_DIGITS = 18;

  /**
   * Splits a presented value; a suffix that is not a plain number is left in the id (which then
   * fails validation).
   */
  static @Nullable VersionedId parse(@Nullable String value) {
    if (value == null) {
      return null;
    }
    int dot = value.lastIndexOf('.');
    if (dot < 0 || dot == value.length() - 1 || value.length() - dot - 1 > MAX_VERSION_DIGITS) {
      return new VersionedId(value, 0);
    }
    long version = 0;
    for (int i = dot + 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return new VersionedId(value, 0);
      }
      version = version * 10 + (c - '0');
    }
    return new VersionedId(value.substring(0, dot), version);
  }

  /**
   * The value to hand the client for a session at {@code version}; version 1 (the first) needs no
   * mark.
   */
  static String format(String id, long version) {
    return version > 1 ? id + "." + version : id;
  }
}
