package io.github.sessionkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.servlet.CookieSessionIdResolver.SameSite;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieSessionIdResolverTest {

  @Test
  void defaultsMakeAnHttpOnlyLaxBrowserSessionCookieOnTheContextPath() {
    Cookie cookie = CookieSessionIdResolver.defaults().cookie("id", "/shop", false, false);

    assertThat(cookie.getName()).isEqualTo("SESSION");
    assertThat(cookie.getValue()).isEqualTo("id");
    assertThat(cookie.getPath()).isEqualTo("/shop");
    assertThat(cookie.getDomain()).isNull();
    assertThat(cookie.getMaxAge()).isEqualTo(-1);
    assertThat(cookie.getSecure()).isFalse();
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
    assertThat(CookieSessionIdResolver.defaults().cookie("id", "", false, false).getPath())
        .isEqualTo("/");
  }

  @Test
  void secureFollowsTheRequestUnlessSet() {
    CookieSessionIdResolver auto = CookieSessionIdResolver.defaults();
    assertThat(auto.cookie("id", "", true, false).getSecure()).isTrue();
    assertThat(auto.cookie("id", "", false, false).getSecure()).isFalse();
    CookieSessionIdResolver always = CookieSessionIdResolver.builder().secure(true).build();
    assertThat(always.cookie("id", "", false, false).getSecure()).isTrue();
    CookieSessionIdResolver never = CookieSessionIdResolver.builder().secure(false).build();
    assertThat(never.cookie("id", "", true, false).getSecure()).isFalse();
  }

  @Test
  void sameSiteNoneAlwaysSendsSecure() {
    CookieSessionIdResolver none =
        CookieSessionIdResolver.builder().sameSite(SameSite.NONE).build();
    Cookie cookie = none.cookie("id", "", false, false);
    assertThat(cookie.getSecure()).isTrue();
    assertThat(cookie.getAttribute("SameSite")).isEqualTo("None");
  }

  @Test
  void everySettingReachesTheCookie() {
    CookieSessionIdResolver resolver =
        CookieSessionIdResolver.builder()
            .name("SID")
            .path("/app")
            .domain("Example.COM")
            .maxAge(Duration.ofDays(1))
            .secure(true)
            .httpOnly(false)
            .sameSite(SameSite.STRICT)
            .build();
    Cookie cookie = resolver.cookie("id", "/ignored", false, false);

    assertThat(cookie.getName()).isEqualTo("SID");
    assertThat(cookie.getPath()).isEqualTo("/app");
    assertThat(cookie.getDomain()).isEqualTo("example.com");
    assertThat(cookie.getMaxAge()).isEqualTo(86_400);
    assertThat(cookie.getSecure()).isTrue();
    assertThat(cookie.isHttpOnly()).isFalse();
    assertThat(cookie.getAttribute("SameSite")).isEqualTo("Strict");
    assertThat(resolver.name()).isEqualTo("SID");
  }

  @Test
  void expiringSendsAnEmptyValueWithMaxAgeZero() {
    Cookie cookie =
        CookieSessionIdResolver.builder()
            .maxAge(Duration.ofHours(1))
            .build()
            .cookie("", "", false, true);
    assertThat(cookie.getValue()).isEmpty();
    assertThat(cookie.getMaxAge()).isZero();
  }

  @Test
  void expireAtBrowserCloseUndoesAMaxAge() {
    CookieSessionIdResolver resolver =
        CookieSessionIdResolver.builder()
            .maxAge(Duration.ofHours(1))
            .expireAtBrowserClose()
            .build();
    assertThat(resolver.cookie("id", "", false, false).getMaxAge()).isEqualTo(-1);
  }

  @Test
  void aHostPrefixedCookieGetsPathSlashWhateverTheContextPath() {
    CookieSessionIdResolver resolver =
        CookieSessionIdResolver.builder().name("__Host-SID").secure(true).build();
    assertThat(resolver.cookie("id", "/shop", true, false).getPath()).isEqualTo("/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "has space",
        "semi;colon",
        "comma,",
        "equals=",
        "$dollar",
        "quote\"",
        "tab\t",
        "é"
      })
  void aBadNameIsRefusedNamingTheSetting(String name) {
    assertThatThrownBy(() -> CookieSessionIdResolver.builder().name(name))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("name=")
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("name");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "relative", "/with;semicolon", "/with space", "/with,comma", "/tab\t"})
  void aBadPathIsRefused(String path) {
    assertThatThrownBy(() -> CookieSessionIdResolver.builder().path(path))
        .isInstanceOf(ConfigurationException.class)
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("path");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "exa mple.com",
        "example.com;",
        "-example.com",
        "example..com",
        "exa_mple.com",
        "http://example.com"
      })
  void aBadDomainIsRefused(String domain) {
    assertThatThrownBy(() -> CookieSessionIdResolver.builder().domain(domain))
        .isInstanceOf(ConfigurationException.class)
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("domain");
  }

  @Test
  void aLeadingDotDomainIsAccepted() {
    assertThat(
            CookieSessionIdResolver.builder()
                .domain(".example.com")
                .build()
                .cookie("id", "", false, false)
                .getDomain())
        .isEqualTo(".example.com");
  }

  @Test
  void aMaxAgeOutsideOneSecondTo400DaysIsRefused() {
    for (Duration bad :
        new Duration[] {
          Duration.ZERO, Duration.ofMillis(999), Duration.ofSeconds(-5), Duration.ofDays(401)
        }) {
      assertThatThrownBy(() -> CookieSessionIdResolver.builder().maxAge(bad))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(bad.toString())
          .extracting(e -> ((ConfigurationException) e).setting())
          .isEqualTo("maxAge");
    }
    assertThat(
            CookieSessionIdResolver.builder()
                .maxAge(Duration.ofDays(400))
                .build()
                .cookie("id", "", false, false)
                .getMaxAge())
        .isEqualTo(400 * 86_400);
  }

  @Test
  void contradictorySettingsAreRefusedAtBuild() {
    assertThatThrownBy(
            () -> CookieSessionIdResolver.builder().sameSite(SameSite.NONE).secure(false).build())
        .isInstanceOf(ConfigurationException.class)
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("sameSite");
    assertThatThrownBy(() -> CookieSessionIdResolver.builder().name("__Secure-SID").build())
        .isInstanceOf(ConfigurationException.class)
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("secure");
    assertThatThrownBy(
            () ->
                CookieSessionIdResolver.builder()
                    .name("__Host-SID")
                    .secure(true)
                    .domain("example.com")
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("domain");
    assertThatThrownBy(
            () ->
                CookieSessionIdResolver.builder()
                    .name("__Host-SID")
                    .secure(true)
                    .path("/app")
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("path");
  }

  @Test
  void toStringShowsTheSettings() {
    assertThat(CookieSessionIdResolver.defaults().toString())
        .contains("name=SESSION", "sameSite=Lax", "httpOnly=true", "<browser session>");
  }
}
