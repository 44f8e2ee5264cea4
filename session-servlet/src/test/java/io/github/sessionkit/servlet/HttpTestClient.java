package io.github.sessionkit.servlet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A real HTTP client ({@link HttpClient}) without a cookie jar: tests pass cookies and tokens
 * explicitly, so what each request presents is visible in the test.
 */
final class HttpTestClient {

  /** One Set-Cookie header: name, value and attributes (keys in lower case; flags map to ""). */
  record SetCookie(String name, String value, Map<String, String> attributes) {
    boolean has(String attribute) {
      return attributes.containsKey(attribute.toLowerCase(Locale.ROOT));
    }

    String attribute(String attribute) {
      return attributes.get(attribute.toLowerCase(Locale.ROOT));
    }

    /** The Cookie request header that sends this cookie back. */
    String header() {
      return name + "=" + value;
    }

    static SetCookie parse(String header) {
      String[] parts = header.split(";");
      int eq = parts[0].indexOf('=');
      Map<String, String> attributes = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        String part = parts[i].strip();
        int e = part.indexOf('=');
        if (e < 0) {
          attributes.put(part.toLowerCase(Locale.ROOT), "");
        } else {
          attributes.put(
              part.substring(0, e).strip().toLowerCase(Locale.ROOT), part.substring(e + 1).strip());
        }
      }
      return new SetCookie(
          parts[0].substring(0, eq).strip(), parts[0].substring(eq + 1).strip(), attributes);
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  HttpClient client() {
    return client;
  }

  HttpRequest request(int port, String pathAndQuery, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .GET();
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder.build();
  }

  HttpResponse<String> get(int port, String pathAndQuery, String... headers) {
    try {
      return client.send(
          request(port, pathAndQuery, headers), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every Set-Cookie header of a response. */
  static List<SetCookie> setCookies(HttpResponse<?> response) {
    List<SetCookie> cookies = new ArrayList<>();
    for (String header : response.headers().allValues("set-cookie")) {
      cookies.add(SetCookie.parse(header));
    }
    return cookies;
  }
}
