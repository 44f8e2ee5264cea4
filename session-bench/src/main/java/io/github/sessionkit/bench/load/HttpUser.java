package io.github.sessionkit.bench.load;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A virtual user's actions as HTTP requests to the application, each to a node picked at random, as
 * requests behind a load balancer land; a login is a fresh cookie jar (or bearer token) of its own.
 * The value of the plan's timeline header in each answer is noted for the report. Used by one
 * thread only.
 */
final class HttpUser implements UserActions<HttpLogin> {

  private final HttpSite site;
  private final HttpPlan plan;
  private final String principal;
  private final List<HttpLogin> hotLogins;
  private final SplittableRandom random;
  private final @Nullable LatencyRecorder recorder;

  /**
   * @param recorder where the timeline header's values go, or null to note none
   */
  HttpUser(
      HttpSite site,
      String principal,
      List<HttpLogin> hotLogins,
      SplittableRandom random,
      @Nullable LatencyRecorder recorder) {
    this.site = site;
    this.plan = site.plan();
    this.principal = principal;
    this.hotLogins = hotLogins;
    this.random = random;
    this.recorder = recorder;
  }

  /** Posts the login form; a bearer login must also hand out a token in the token header. */
  @Override
  public HttpLogin login() {
    return loginOn(site.anyNode(random));
  }

  /** {@link #login()} on the node given. */
  HttpLogin loginOn(URI node) {
    HttpLogin login = new HttpLogin();
    HttpSite.Answer answer = site.post(node, plan.paths().login(), loginBody(principal), login);
    note(answer);
    if (!answer.ok()) {
      throw new Failure("login answered HTTP " + answer.status());
    }
    if (plan.auth() == HttpPlan.Auth.BEARER && login.token() == null) {
      throw new Failure("login answered no " + plan.tokenHeader() + " header");
    }
    return login;
  }

  /** The plan's login body for this user, its name form-encoded. */
  String loginBody(String user) {
    return plan.loginBody()
        .replace(HttpPlan.USER_PLACEHOLDER, URLEncoder.encode(user, StandardCharsets.UTF_8));
  }

  @Override
  public void check(HttpLogin login) {
    expectSession(site.get(site.anyNode(random), plan.paths().check(), login), "session not found");
  }

  @Override
  public void refresh(HttpLogin login) {
    expectSession(
        site.post(site.anyNode(random), plan.paths().refresh(), "", login),
        "session to refresh not found");
  }

  @Override
  public void apiCall(HttpLogin login) {
    String form = "item=" + random.nextInt(1_000);
    expectSession(
        site.post(site.anyNode(random), plan.paths().apiCall(), form, login),
        "session of the API call not found");
  }

  @Override
  public void logout(HttpLogin login) {
    expectSession(
        site.post(site.anyNode(random), plan.paths().logout(), "", login),
        "session to log out not found");
  }

  @Override
  public void hotFind() {
    check(hotLogins.get(random.nextInt(hotLogins.size())));
  }

  @Override
  public void logoutQuietly(HttpLogin login) {
    try {
      site.post(site.anyNode(random), plan.paths().logout(), "", login);
    } catch (RuntimeException ignored) {
      // The node is gone or the session too: nothing left to clean up.
    }
  }

  private void expectSession(HttpSite.Answer answer, String whenRefused) {
    note(answer);
    if (answer.status() == 401 || answer.status() == 403) {
      throw new Failure(whenRefused + " (HTTP " + answer.status() + ")");
    }
    if (!answer.ok()) {
      throw new Failure("HTTP " + answer.status());
    }
  }

  private void note(HttpSite.Answer answer) {
    String header = plan.timelineHeader();
    if (recorder != null && header != null) {
      String value = answer.header(header);
      if (value != null) {
        recorder.mark(System.nanoTime(), value);
      }
    }
  }
}
