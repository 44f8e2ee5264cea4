package io.github.sessionkit.servlet;

import io.github.sessionkit.ConfigurationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Carries the session id in a request header, for APIs: {@code Authorization: Bearer <id>} ({@link
 * #bearer()}) or a header of its own such as {@code X-Auth-Token} ({@link #header(String)}). A new
 * or rotated id is returned in a response header ({@code X-Auth-Token} by default for bearer
 * tokens, the request header's name otherwise), with {@code Cache-Control: no-store} unless the
 * application set a Cache-Control itself; after invalidation that header is sent empty.
 *
 * <pre>{@code
 * // Protected API: a request without a live token gets 401, never a new session.
 * HeaderSessionIdResolver api = HeaderSessionIdResolver.bearer().required(true).build();
 * // Login endpoint (mapped separately): creates the session, returns its id in X-Auth-Token.
 * HeaderSessionIdResolver login = HeaderSessionIdResolver.bearer().build();
 * }</pre>
 *
 * <p>With {@link Builder#required(boolean) required(true)}, {@link SessionFilter} answers a request
 * whose token is missing, malformed, unknown or expired with 401 (and, for bearer tokens, {@code
 * WWW-Authenticate: Bearer}, with {@code error="invalid_token"} when a token was presented), never
 * saying which. Immutable and thread-safe.
 */
public final class HeaderSessionIdResolver implements SessionIdResolver {

  private static final String AUTHORIZATION = "Authorization";
  private static final String BEARER = "bearer";

  private final boolean bearer;
  private final String requestHeader;
  private final String responseHeader;
  private final boolean required;

  private HeaderSessionIdResolver(Builder b) {
    this.bearer = b.bearer;
    this.requestHeader = b.requestHeader;
    this.responseHeader = b.responseHeader;
    this.required = b.required;
  }

  /** Reads {@code Authorization: Bearer <id>}; answers new ids in {@code X-Auth-Token}. */
  public static Builder bearer() {
    return new Builder(true, AUTHORIZATION, "X-Auth-Token");
  }

  /**
   * Reads the id from a header of its own, such as {@code X-Auth-Token}, and answers new ids in the
   * same header.
   *
   * @throws ConfigurationException if the name is not an HTTP token, or is {@code Authorization}
   *     (use {@link #bearer()})
   */
  public static Builder header(String name) {
    checkHeaderName("header", name);
    if (name.equalsIgnoreCase(AUTHORIZATION)) {
      throw ConfigurationException.invalid(
          "header",
          name,
          "a header of its own such as X-Auth-Token; for Authorization: Bearer use"
              + " HeaderSessionIdResolver.bearer()");
    }
    return new Builder(false, name, name);
  }

  @Override
  public @Nullable String readId(HttpServletRequest request) {
    String value = request.getHeader(requestHeader);
    return bearer ? bearerToken(value) : trimmedOrNull(value);
  }

  /**
   * The token of an {@code Authorization: Bearer <token>} value (scheme case-insensitive), or null.
   */
  static @Nullable String bearerToken(@Nullable String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() <= BEARER.length()
        || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || value.charAt(BEARER.length()) != ' ') {
      return null;
    }
    return trimmedOrNull(value.substring(BEARER.length()));
  }

  private static @Nullable String trimmedOrNull(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  @Override
  public void writeId(HttpServletRequest request, HttpServletResponse response, String id) {
    response.setHeader(responseHeader, id);
    if (!response.containsHeader("Cache-Control")) {
      // The response carries a credential: no cache may keep it.
      response.setHeader("Cache-Control", "no-store");
    }
  }

  @Override
  public void expireId(HttpServletRequest request, HttpServletResponse response) {
    response.setHeader(responseHeader, "");
  }

  @Override
  public boolean isSessionRequired() {
    return required;
  }

  @Override
  public void rejectUnauthenticated(
      HttpServletRequest request, HttpServletResponse response, boolean idPresented)
      throws IOException {
    if (bearer) {
      response.setHeader(
          "WWW-Authenticate", idPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
    }
    PlainResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized");
  }

  /** The response header new ids are sent in. */
  public String responseHeader() {
    return responseHeader;
  }

  @Override
  public String toString() {
    return "HeaderSessionIdResolver{"
        + (bearer ? "Authorization: Bearer" : requestHeader)
        + ", responseHeader="
        + responseHeader
        + ", required="
        + required
        + "}";
  }

  private static void checkHeaderName(String setting, String name) {
    Objects.requireNonNull(name, setting);
    if (!HttpTokens.isToken(name)) {
      throw ConfigurationException.invalid(
          setting, name, "an HTTP header name made of letters, digits and !#$%&'*+-.^_`|~");
    }
  }

  /**
   * Configures a {@link HeaderSessionIdResolver}. Methods check their argument at once and throw
   * {@link ConfigurationException} naming the setting. Not thread-safe.
   */
  public static final class Builder {

    private final boolean bearer;
    private final String requestHeader;
    private String responseHeader;
    private boolean required;

    private Builder(boolean bearer, String requestHeader, String responseHeader) {
      this.bearer = bearer;
      this.requestHeader = requestHeader;
      this.responseHeader = responseHeader;
    }

    /**
     * The response header that carries a new or rotated id. Default {@code X-Auth-Token} for bearer
     * tokens, else the request header's name.
     */
    public Builder responseHeader(String name) {
      checkHeaderName("responseHeader", name);
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("set-cookie")
          || lower.equals("cache-control")
          || lower.equals("www-authenticate")) {
        throw ConfigurationException.invalid(
            "responseHeader", name, "a header of its own such as X-Auth-Token");
      }
      this.responseHeader = name;
      return this;
    }

    /**
     * Whether every request must present the id of a live session: when true, any other request is
     * answered 401 and never gets a new session. Map such a filter to the protected paths only, and
     * the login endpoint to a filter whose resolver is not required. Default false.
     */
    public Builder required(boolean required) {
      this.required = required;
      return this;
    }

    /** Builds the resolver; every setting was checked when it was set. */
    public HeaderSessionIdResolver build() {
      return new HeaderSessionIdResolver(this);
    }
  }
}
