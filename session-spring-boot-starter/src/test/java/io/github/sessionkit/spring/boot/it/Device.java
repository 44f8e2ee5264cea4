package io.github.sessionkit.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user's device: a real HTTP client with its own cookie jar. Both instances listen on
 * 127.0.0.1, so the jar sends the session cookie to either, as a browser behind a load balancer
 * would; every request names the instance it goes to.
 */
final class Device {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

  private final HttpClient client =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  HttpResponse<String> get(int port, String path) {
    return send(HttpRequest.newBuilder(uri(port, path)).GET());
  }

  HttpResponse<String> post(int port, String path, String... form) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < form.length; i += 2) {
      body.append(body.isEmpty() ? "" : "&")
          .append(URLEncoder.encode(form[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
    }
    return send(
        HttpRequest.newBuilder(uri(port, path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  HttpResponse<String> send(int port, String method, String path) {
    return send(
        HttpRequest.newBuilder(uri(port, path))
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /**
   * Logs in through the login form of {@code formPort}, posting it to {@code postPort}; returns
   * where it redirects.
   */
  String logIn(int formPort, int postPort, String user, String password) {
    HttpResponse<String> form = get(formPort, "/login");
    assertThat(form.statusCode()).isEqualTo(200);
    HttpResponse<String> login =
        post(
            postPort, "/login", "username", user, "password", password, "_csrf", csrf(form.body()));
    assertThat(login.statusCode()).as("login of %s: %s", user, login.body()).isEqualTo(302);
    return login.headers().firstValue("Location").orElseThrow();
  }

  static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF field in %s", html).isTrue();
    return m.group(1);
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
