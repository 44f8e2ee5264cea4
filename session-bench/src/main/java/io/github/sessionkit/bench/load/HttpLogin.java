package io.github.sessionkit.bench.load;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * What a virtual user holds for one signed-in session over HTTP: its own cookie jar (the JDK's
 * {@link CookieManager}, as a browser keeps one per profile) and, for APIs, the bearer token its
 * login answered. Thread-safe: the shared hot sessions are read by every user.
 */
final class HttpLogin {

  private final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private volatile @Nullable String token;

  CookieManager jar() {
    return jar;
  }

  @Nullable String token() {
    return token;
  }

  /** Sets the bearer token; null forgets it. */
  void token(@Nullable String value) {
    this.token = value;
  }

  /**
   * A copy of the credentials as they are now: what a stolen or stale cookie would still present.
   */
  HttpLogin copy(URI site) {
    HttpLogin copy = new HttpLogin();
    for (HttpCookie cookie : jar.getCookieStore().getCookies()) {
      copy.jar.getCookieStore().add(site, (HttpCookie) cookie.clone());
    }
    String current = token;
    if (current != null) {
      copy.token(current);
    }
    return copy;
  }
}
