package io.github.sessionkit.servlet;

import io.github.sessionkit.ConfigurationException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Carries the session id in a cookie, for browsers.
 *
 * <pre>{@code
 * CookieSessionIdResolver cookies = CookieSessionIdResolver.builder()
 *     .name("SESSION")                    // default
 *     .secure(true)                       // default: Secure when the request came over HTTPS
 *     .sameSite(SameSite.LAX)             // default
 *     .maxAge(Duration.ofHours(24))       // default: none, the cookie ends when the browser closes
 *     .build();
 * }</pre>
 *
 * <p>Defaults: name {@code SESSION}; path the context path ({@code /} for the root context); no
 * domain (the cookie goes back only to the host that set it); no Max-Age (a browser-session
 * cookie); Secure when {@link HttpServletRequest#isSecure()}; HttpOnly; SameSite=Lax. Every setting
 * is validated by its builder method, which throws {@link ConfigurationException} naming the
 * setting; cookie-name prefixes are honoured ({@code __Secure-} needs {@code secure(true)}; {@code
 * __Host-} also needs path {@code /} and no domain).
 *
 * <p>When a request carries several cookies of this name, the first one is used. Immutable and
 * thread-safe.
 */
public final class CookieSessionIdResolver implements SessionIdResolver {

  /** The cookie's SameSite attribute: whether browsers send it on cross-site requests. */
  public enum SameSite {
    /** Only on same-site requests. */
    STRICT("Strict"),
    /** On same-site requests and top-level cross-site navigations with safe methods (links). */
    LAX("Lax"),
    /** On every request, including cross-site ones; browsers require Secure with it. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
      this.attribute = attribute;
    }

    /** The attribute's value as sent: {@code Strict}, {@code Lax} or {@code None}. */
    public String attribute() {
      return attribute;
    }
  }

  /** The longest Max-Age browsers honour (RFC 6265bis caps cookie lifetimes at 400 days). */
  static final Duration MAX_AGE_LIMIT = Duration.ofDays(400);

  private final String name;
  private final @Nullable String path;
  private final @Nullable String domain;
  private final @Nullable Duration maxAge;
  private final @Nullable Boolean secure;
  private final boolean httpOnly;
  private final SameSite sameSite;

  private CookieSessionIdResolver(Builder b, @Nullable String path) {
    this.name = b.name;
    this.path = path;
    this.domain = b.domain;
    this.maxAge = b.maxAge;
    this.secure = b.secure;
    this.httpOnly = b.httpOnly;
    this.sameSite = b.sameSite;
  }

  /**
   * A resolver with every default: cookie {@code SESSION}, HttpOnly, SameSite=Lax, browser-session
   * lifetime.
   */
  public static CookieSessionIdResolver defaults() {
    return builder().build();
  }

  /** Starts configuring a resolver. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cookie's name. */
  public String name() {
    return name;
  }

  @Override
  public @Nullable String readId(HttpServletRequest request) {
    Cookie[] cookies;
    try {
      cookies = request.getCookies();
    } catch (RuntimeException e) {
      // A container may refuse a malformed Cookie header; that is a request without an id.
      return null;
    }
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (cookie != null && name.equals(cookie.getName())) {
        String value = cookie.getValue();
        return value == null || value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  @Override
  public void writeId(HttpServletRequest request, HttpServletResponse response, String id) {
    response.addCookie(cookie(id, request.getContextPath(), request.isSecure(), false));
  }

  @Override
  public void expireId(HttpServletRequest request, HttpServletResponse response) {
    response.addCookie(cookie("", request.getContextPath(), request.isSecure(), true));
  }

  /**
   * The cookie to send: the id, or (when {@code expire}) an empty value that the browser deletes at
   * once.
   */
  Cookie cookie(String value, @Nullable String contextPath, boolean secureRequest, boolean expire) {
    Cookie cookie = new Cookie(name, value);
    cookie.setPath(
        path != null ? path : contextPath == null || contextPath.isEmpty() ? "/" : contextPath);
    if (domain != null) {
      cookie.setDomain(domain);
    }
    if (expire) {
      cookie.setMaxAge(0);
    } else {
      cookie.setMaxAge(maxAge == null ? -1 : (int) maxAge.toSeconds());
    }
    // Browsers drop a SameSite=None cookie that is not Secure, so None always sends Secure.
    cookie.setSecure(secure != null ? secure : secureRequest || sameSite == SameSite.NONE);
    cookie.setHttpOnly(httpOnly);
    cookie.setAttribute("SameSite", sameSite.attribute());
    return cookie;
  }

  @Override
  public String toString() {
    return "CookieSessionIdResolver{name="
        + name
        + ", path="
        + (path == null ? "<context path>" : path)
        + ", domain="
        + domain
        + ", maxAge="
        + (maxAge == null ? "<browser session>" : maxAge)
        + ", secure="
        + (secure == null ? "<when request is secure>" : secure)
        + ", httpOnly="
        + httpOnly
        + ", sameSite="
        + sameSite.attribute()
        + "}";
  }

  /**
   * Configures a {@link CookieSessionIdResolver}. Each method checks its argument at once and
   * throws {@link ConfigurationException} naming the setting and echoing the value. Not
   * thread-safe.
   */
  public static final class Builder {

    private String name = "SESSION";
    private @Nullable String path;
    private @Nullable String domain;
    private @Nullable Duration maxAge;
    private @Nullable Boolean secure;
    private boolean httpOnly = true;
    private SameSite sameSite = SameSite.LAX;

    private Builder() {}

    /**
     * The cookie's name: an HTTP token (letters, digits and {@code !#$%&'*+-.^_`|~}). Default
     * {@code SESSION}.
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!HttpTokens.isToken(name) || name.startsWith("$")) {
        throw ConfigurationException.invalid(
            "name",
            name,
            "a cookie name made of letters, digits and !#$%&'*+-.^_`|~, not starting with $");
      }
      this.name = name;
      return this;
    }

    /**
     * The cookie's Path: an absolute path without {@code ;}, spaces or control characters. Default:
     * the context path, or {@code /} for the root context.
     */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/") || !isAttributeValue(path)) {
        throw ConfigurationException.invalid(
            "path",
            path,
            "an absolute path starting with / without ';', ',', spaces or control characters");
      }
      this.path = path;
      return this;
    }

    /**
     * The cookie's Domain, to share it with subdomains (for example {@code example.com}). Default:
     * none, so the browser sends it only to the host that set it.
     */
    public Builder domain(String domain) {
      Objects.requireNonNull(domain, "domain");
      String bare = domain.startsWith(".") ? domain.substring(1) : domain;
      if (!bare.matches(
              "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")
          || bare.length() > 253) {
        throw ConfigurationException.invalid("domain", domain, "a host name such as example.com");
      }
      this.domain = domain.toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * Makes the cookie persistent: the browser keeps it this long (whole seconds, 1 s to 400 days)
     * even across restarts. The session's own idle and absolute timeouts still apply on the server.
     * Default: no Max-Age (see {@link #expireAtBrowserClose()}).
     */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.toSeconds() < 1 || maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
        throw ConfigurationException.invalid(
            "maxAge",
            maxAge.toString(),
            "a duration from 1 second to 400 days (PT1S..P400D); use expireAtBrowserClose() for a"
                + " cookie without Max-Age");
      }
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Sends no Max-Age or Expires, so the browser forgets the cookie when it closes. The default.
     */
    public Builder expireAtBrowserClose() {
      this.maxAge = null;
      return this;
    }

    /**
     * Whether the cookie is marked Secure (sent only over HTTPS). Default: Secure when the request
     * itself is secure ({@link HttpServletRequest#isSecure()}); behind a TLS-terminating proxy that
     * the container does not know about, set {@code secure(true)}.
     */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /** Whether the cookie is hidden from scripts (HttpOnly). Default true. */
    public Builder httpOnly(boolean httpOnly) {
      this.httpOnly = httpOnly;
      return this;
    }

    /**
     * The SameSite attribute. Default {@link SameSite#LAX}. {@link SameSite#NONE} requires Secure.
     */
    public Builder sameSite(SameSite sameSite) {
      this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @throws ConfigurationException if the settings contradict each other (SameSite=None without
     *     Secure; a {@code __Secure-} or {@code __Host-} name without Secure; a {@code __Host-}
     *     name with a domain or a path other than {@code /})
     */
    public CookieSessionIdResolver build() {
      if (sameSite == SameSite.NONE && Boolean.FALSE.equals(secure)) {
        throw new ConfigurationException(
            "sameSite",
            "sameSite=None is not valid with secure(false): browsers drop SameSite=None cookies"
                + " that are not Secure");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if ((lower.startsWith("__secure-") || lower.startsWith("__host-"))
          && !Boolean.TRUE.equals(secure)) {
        throw new ConfigurationException(
            "secure",
            "cookie name '"
                + name
                + "' has a __Secure-/__Host- prefix, which browsers accept only with secure(true)");
      }
      if (lower.startsWith("__host-")) {
        if (domain != null) {
          throw new ConfigurationException(
              "domain",
              "cookie name '"
                  + name
                  + "' has the __Host- prefix, which browsers accept only without a domain (got '"
                  + domain
                  + "')");
        }
        if (path != null && !path.equals("/")) {
          throw new ConfigurationException(
              "path",
              "cookie name '"
                  + name
                  + "' has the __Host- prefix, which browsers accept only with path / (got '"
                  + path
                  + "')");
        }
      }
      try {
        new Cookie(name, "x");
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "name",
            "name='" + name + "' is not valid: the Servlet API refuses it (" + e.getMessage() + ")",
            e);
      }
      // A __Host- cookie must have path /, whatever the context path is.
      return new CookieSessionIdResolver(this, lower.startsWith("__host-") ? "/" : path);
    }

    private static boolean isAttributeValue(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',') {
          return false;
        }
      }
      return true;
    }
  }
}
