package io.github.sessionkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.JsonCodecBuilder;
import io.github.sessionkit.SessionCodec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.web.servlet.FlashMap;

/**
 * What Spring Security and Spring MVC keep in a session reads back as itself through the codec the
 * auto-configuration builds, with the customizers it registers.
 */
class FrameworkCodecTest {

  private final SessionCodec codec = codec();

  private static SessionCodec codec() {
    JsonCodecBuilder builder = SessionCodec.jsonBuilder();
    new SessionkitSecurityAutoConfiguration().sessionkitSecurityCodec().customize(builder);
    new SessionkitAutoConfiguration.FlashMapConfiguration()
        .sessionkitFlashMapCodec()
        .customize(builder);
    return builder.build();
  }

  private Object roundTrip(Object value) {
    return codec.decode("a", codec.encode("a", value), Object.class);
  }

  @Test
  void theSecurityContextOfALoggedInUserReadsBack() {
    User user = new User("alice", "secret", List.of(new SimpleGrantedAuthority("ROLE_USER")));
    UsernamePasswordAuthenticationToken token =
        UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    token.setDetails(new WebAuthenticationDetails("127.0.0.1", "s1"));
    user.eraseCredentials();

    Object back = roundTrip(new SecurityContextImpl(token));

    assertThat(back)
        .isInstanceOfSatisfying(
            SecurityContextImpl.class,
            c -> {
              assertThat(c.getAuthentication().getName()).isEqualTo("alice");
              assertThat(c.getAuthentication().isAuthenticated()).isTrue();
              assertThat(c.getAuthentication().getAuthorities())
                  .extracting(Object::toString)
                  .containsExactly("ROLE_USER");
              assertThat(c.getAuthentication().getPrincipal()).isInstanceOf(User.class);
              assertThat(c.getAuthentication().getDetails())
                  .isEqualTo(new WebAuthenticationDetails("127.0.0.1", "s1"));
            });
  }

  @Test
  void aCsrfTokenAndALoginFailureReadBack() {
    assertThat(roundTrip(new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0k3n")))
        .isInstanceOfSatisfying(
            DefaultCsrfToken.class, t -> assertThat(t.getToken()).isEqualTo("t0k3n"));
    assertThat(roundTrip(new BadCredentialsException("Bad credentials")))
        .isInstanceOfSatisfying(
            BadCredentialsException.class,
            e -> assertThat(e.getMessage()).isEqualTo("Bad credentials"));
  }

  @Test
  void flashMapsKeepTheirTargetExpiryAndAttributes() {
    FlashMap flash = new FlashMap();
    flash.put("message", "Saved: milk");
    flash.put("count", 2L);
    flash.setTargetRequestPath("/notes");
    flash.addTargetRequestParam("page", "2");
    flash.startExpirationPeriod(180);
    CopyOnWriteArrayList<FlashMap> maps = new CopyOnWriteArrayList<>(List.of(flash));

    Object back = roundTrip(maps);

    assertThat(back).isInstanceOf(CopyOnWriteArrayList.class);
    assertThat((List<?>) back)
        .singleElement()
        .isInstanceOfSatisfying(
            FlashMap.class,
            f -> {
              assertThat((java.util.Map<String, Object>) f)
                  .containsEntry("message", "Saved: milk")
                  .containsEntry("count", 2L);
              assertThat(f.getTargetRequestPath()).isEqualTo("/notes");
              assertThat(f.getTargetRequestParams().get("page")).containsExactly("2");
              assertThat(f.getExpirationTime()).isEqualTo(flash.getExpirationTime());
            });
  }
}
