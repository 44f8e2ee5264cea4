package io.github.sessionkit.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The application under test as its users reach it: one JDK {@link HttpClient} for the whole run,
 * the nodes of an {@link HttpPlan}, and requests that carry a login the way a browser or an API
 * client does: the cookies of the user's own jar (stored for the first node, sent to every node, as
 * one site behind a load balancer) or its bearer token (taken from the plan's token header of any
 * answer, as cookies are). Redirects are followed by hand, at most {@value #MAX_REDIRECTS}, so that
 * each hop's cookies are kept, and only to the nodes named: a redirect elsewhere fails the request.
 * Thread-safe.
 */
final class HttpSite {

  static final int MAX_REDIRECTS = 5;

  /**
   * The last answer of a request, after redirects.
   *
   * @param status its HTTP status
   * @param headers its headers
   * @param body its body, as text
   */
  record Answer(int status, HttpHeaders headers, String body) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    @Nullable String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private final HttpClient client;
  private final HttpPlan plan;
  private final URI site;

  HttpSite(HttpPlan plan) {
    this.plan = plan;
    this.site = plan.targets().get(0);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(plan.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  HttpPlan plan() {
    return plan;
  }

  /** The URI cookies are kept under: the first node's. */
  URI site() {
    return site;
  }

  /** One of the nodes, at random. */
  URI anyNode(SplittableRandom random) {
    List<URI> targets = plan.targets();
    return targets.get(random.nextInt(targets.size()));
  }

  Answer get(URI node, String path, HttpLogin login) {
    return send(resolve(node, path), "GET", null, login);
  }

  Answer post(URI node, String path, String form, HttpLogin login) {
    return send(resolve(node, path), "POST", form, login);
  }

  /** A node's base URI with an action's path below it. */
  static URI resolve(URI node, String path) {
    String base = node.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + (path.startsWith("/") ? path : "/" + path));
  }

  private Answer send(URI uri, String method, @Nullable String form, HttpLogin login) {
    URI hop = uri;
    String hopMethod = method;
    String hopForm = form;
    for (int redirects = 0; ; redirects++) {
      HttpResponse<String> response = exchange(hop, hopMethod, hopForm, login);
      int status = response.statusCode();
      String location = response.headers().firstValue("Location").orElse(null);
      if (location == null || status < 300 || status > 399 || status == 304) {
        return new Answer(status, response.headers(), response.body());
      }
      if (redirects == MAX_REDIRECTS) {
        throw new Failure("more than " + MAX_REDIRECTS + " redirects");
      }
      hop = hop.resolve(location);
      if (!isNode(hop)) {
        throw new Failure(
            "redirected away from the targets, to " + hop.getScheme() + "://" + hop.getAuthority());
      }
      if (status != 307 && status != 308) {
        hopMethod = "GET";
        hopForm = null;
      }
    }
  }

  private boolean isNode(URI uri) {
    return plan.targets().stream()
        .anyMatch(
            t ->
                t.getScheme().equalsIgnoreCase(uri.getScheme())
                    && t.getAuthority().equalsIgnoreCase(uri.getAuthority()));
  }

  private HttpResponse<String> exchange(
      URI uri, String method, @Nullable String form, HttpLogin login) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(plan.timeout());
    if (form != null) {
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .method(method, HttpRequest.BodyPublishers.ofString(form));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    URI cookieUri = cookieUri(uri);
    if (plan.auth() == HttpPlan.Auth.BEARER) {
      String token = login.token();
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
    } else {
      try {
        for (Map.Entry<String, List<String>> e : login.jar().get(cookieUri, Map.of()).entrySet()) {
          if (!e.getValue().isEmpty()) {
            request.header(e.getKey(), String.join("; ", e.getValue()));
          }
        }
      } catch (IOException e) {
        throw new Failure("cookie jar: " + VirtualUser.describe(e));
      }
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Failure(VirtualUser.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted: the run is over");
    }
    if (plan.auth() == HttpPlan.Auth.COOKIE) {
      try {
        login.jar().put(cookieUri, response.headers().map());
      } catch (IOException e) {
        throw new Failure("cookie jar: " + VirtualUser.describe(e));
      }
    } else {
      // Any answer may hand out a new token (a login, a rotation), or an empty one after a logout.
      response
          .headers()
          .firstValue(plan.tokenHeader())
          .ifPresent(token -> login.token(token.isBlank() ? null : token.trim()));
    }
    return response;
  }

  /** The request's path on the first node: every node shares the jar's cookies. */
  private URI cookieUri(URI uri) {
    return site.resolve(
        uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
  }
}
