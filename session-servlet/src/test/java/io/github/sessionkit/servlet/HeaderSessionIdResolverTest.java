package io.github.sessionkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderSessionIdResolverTest {

  @Test
  void theBearerTokenIsTheRestOfTheHeader() {
    assertThat(HeaderSessionIdResolver.bearerToken("Bearer abc")).isEqualTo("abc");
    assertThat(HeaderSessionIdResolver.bearerToken("bearer abc")).isEqualTo("abc");
    assertThat(HeaderSessionIdResolver.bearerToken("BEARER   abc  ")).isEqualTo("abc");
    assertThat(HeaderSessionIdResolver.bearerToken("  Bearer abc")).isEqualTo("abc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearerabc", "Basic abc", "Token abc", "abc"})
  void anythingElseIsNoToken(String header) {
    assertThat(HeaderSessionIdResolver.bearerToken(header)).isNull();
  }

  @Test
  void noHeaderIsNoToken() {
    assertThat(HeaderSessionIdResolver.bearerToken(null)).isNull();
  }

  @Test
  void defaults() {
    HeaderSessionIdResolver bearer = HeaderSessionIdResolver.bearer().build();
    assertThat(bearer.responseHeader()).isEqualTo("X-Auth-Token");
    assertThat(bearer.isSessionRequired()).isFalse();
    assertThat(HeaderSessionIdResolver.bearer().required(true).build().isSessionRequired())
        .isTrue();
    assertThat(HeaderSessionIdResolver.header("X-Session").build().responseHeader())
        .isEqualTo("X-Session");
    assertThat(HeaderSessionIdResolver.bearer().responseHeader("X-Token").build().responseHeader())
        .isEqualTo("X-Token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "X Token", "X-Token:", "X-Tök", "Authorization", "authorization"})
  void aBadRequestHeaderIsRefused(String name) {
    assertThatThrownBy(() -> HeaderSessionIdResolver.header(name))
        .isInstanceOf(ConfigurationException.class)
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "X Token", "Set-Cookie", "cache-control", "WWW-Authenticate"})
  void aBadResponseHeaderIsRefused(String name) {
    assertThatThrownBy(() -> HeaderSessionIdResolver.bearer().responseHeader(name))
        .isInstanceOf(ConfigurationException.class)
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("responseHeader");
  }
}
