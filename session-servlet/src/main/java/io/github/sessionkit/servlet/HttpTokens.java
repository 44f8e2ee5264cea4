package io.github.sessionkit.servlet;

/** The token grammar of HTTP (RFC 9110), which header and cookie names must follow. */
final class HttpTokens {

  private static final String SPECIALS = "!#$%&'*+-.^_`|~";

  private HttpTokens() {}

  static boolean isToken(String s) {
    if (s.isEmpty() || s.length() > 256) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || SPECIALS.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
