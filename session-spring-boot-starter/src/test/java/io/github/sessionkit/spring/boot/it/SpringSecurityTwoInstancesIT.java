package io.github.sessionkit.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.SessionManager;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Spring Boot 3 application with Spring Security (form login, CSRF on, flash attributes, {@code
 * maximumSessions(1)}) run as two instances on one Redis and one PostgreSQL, driven by a real HTTP
 * client: every step goes to the other instance than the one before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringSecurityTwoInstancesIT {

  private TwoInstances instances;
  private int one;
  private int two;

  @BeforeAll
  void start() {
    instances = new TwoInstances();
    one = instances.port(0);
    two = instances.port(1);
  }

  @AfterAll
  void stop() {
    if (instances != null) {
      instances.close();
    }
  }

  @Test
  void logInOnOneContinueOnTheOtherPostACsrfFormSeeTheFlashAndASecondDeviceEndsTheFirst() {
    Device laptop = new Device();
    HttpResponse<String> anonymous = laptop.get(one, "/notes");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");

    // The saved request and the CSRF token are written by instance one and read by instance two.
    String target = laptop.logIn(one, two, "alice", "wonderland");
    assertThat(target).contains("/notes");

    HttpResponse<String> page = laptop.get(one, "/notes");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<p id=\"user\">alice</p>").contains("<p id=\"flash\"></p>");

    assertThat(laptop.post(two, "/notes", "text", "no token").statusCode())
        .as("CSRF is on")
        .isEqualTo(403);
    HttpResponse<String> saved =
        laptop.post(two, "/notes", "text", "buy milk", "_csrf", Device.csrf(page.body()));
    assertThat(saved.statusCode()).isEqualTo(302);

    HttpResponse<String> afterRedirect = laptop.get(one, "/notes");
    assertThat(afterRedirect.body())
        .contains("<p id=\"flash\">Saved: buy milk</p>")
        .contains("<li>buy milk by alice</li>");
    HttpResponse<String> again = laptop.get(two, "/notes");
    assertThat(again.body())
        .as("a flash attribute is shown once")
        .contains("<p id=\"flash\"></p>")
        .contains("<li>buy milk by alice</li>");

    SessionManager sessions = instances.context(0).getBean(SessionManager.class);
    assertThat(sessions.sessionsOf("alice")).hasSize(1);

    Device phone = new Device();
    phone.logIn(two, two, "alice", "wonderland");
    assertThat(phone.get(one, "/notes").body()).contains("<p id=\"user\">alice</p>");

    HttpResponse<String> laptopAgain = laptop.get(one, "/notes");
    assertThat(laptopAgain.statusCode())
        .as("maximumSessions(1): the laptop's session ended")
        .isEqualTo(302);
    assertThat(laptopAgain.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    assertThat(laptop.get(two, "/notes").statusCode()).isEqualTo(302);
    assertThat(sessions.sessionsOf("alice")).hasSize(1);
  }

  @Test
  void aWrongPasswordIsTurnedAwayAndTheFailureIsKeptForTheLoginPageOnTheOtherInstance() {
    Device device = new Device();
    String target = device.logIn(one, two, "bob", "wrong");
    assertThat(target).endsWith("/login?error");
    assertThat(device.get(one, "/attributes").body())
        .as("what the other instance stored reads back as its class")
        .contains(
            "SPRING_SECURITY_LAST_EXCEPTION=org.springframework.security.authentication.BadCredentialsException")
        .contains(
            "HttpSessionCsrfTokenRepository.CSRF_TOKEN=org.springframework.security.web.csrf.DefaultCsrfToken");
    HttpResponse<String> page = device.get(one, "/login?error");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<div class=\"alert alert-danger\" role=\"alert\">");
  }

  @Test
  void actuatorShowsTheStoreHealthTheSessionsOfAUserAndStoreMetrics() {
    Device device = new Device();
    device.logIn(one, one, "bob", "builder");

    HttpResponse<String> health = device.get(two, "/actuator/health");
    assertThat(health.body()).contains("\"sessionkit\":{\"status\":\"UP\"");

    HttpResponse<String> list = device.get(two, "/actuator/sessions?username=bob");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"principal\":\"bob\"");
    String handle = list.body().replaceAll(".*\"handle\":\"([^\"]+)\".*", "$1");

    HttpResponse<String> delete =
        device.send(two, "DELETE", "/actuator/sessions/" + handle + "?username=bob");
    assertThat(delete.statusCode()).isEqualTo(200);
    assertThat(device.get(one, "/notes").statusCode())
        .as("revoked through the endpoint")
        .isEqualTo(302);

    HttpResponse<String> scrape = device.get(one, "/actuator/prometheus");
    assertThat(scrape.body())
        .contains("sessionkit_store_calls_seconds_count{operation=\"load\",outcome=\"success\"")
        .contains("sessionkit_session_events_total{type=\"created\"}");
  }
}
