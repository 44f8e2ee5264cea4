package io.github.sessionkit.spring.boot.it;

import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * A Spring Boot application as a user would write it, with nothing sessionkit-specific but the
 * starter on the class path: Spring Security form login with CSRF on, {@code maximumSessions(1)}, a
 * form that adds a note (a record) to the session and says so with a flash attribute after the
 * redirect.
 */
@SpringBootApplication
public class NotesApp {

  /** An application type kept in the session; it must read back as itself on any node. */
  public record Note(String text, String author) {}

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers("/actuator/**", "/attributes")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(Customizer.withDefaults())
        .csrf(c -> c.ignoringRequestMatchers("/actuator/**"))
        .sessionManagement(s -> s.maximumSessions(1));
    return http.build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}wonderland").roles("USER").build(),
        User.withUsername("bob").password("{noop}builder").roles("USER").build());
  }

  /** The notes page and its form. */
  @RestController
  static class Notes {

    @GetMapping(value = "/notes", produces = "text/html")
    String notes(Model model, CsrfToken csrf, HttpSession session, Authentication user) {
      StringBuilder html =
          new StringBuilder("<html><body><p id=\"user\">").append(user.getName()).append("</p>");
      Object message = model.getAttribute("message");
      html.append("<p id=\"flash\">")
          .append(message == null ? "" : message)
          .append("</p><ul id=\"notes\">");
      for (Note note : notesOf(session)) {
        html.append("<li>")
            .append(note.text())
            .append(" by ")
            .append(note.author())
            .append("</li>");
      }
      return html.append("</ul><form id=\"add\" method=\"post\" action=\"/notes\">")
          .append("<input type=\"hidden\" name=\"")
          .append(csrf.getParameterName())
          .append("\" value=\"")
          .append(csrf.getToken())
          .append(
              "\"/><input id=\"text\" name=\"text\"/><button id=\"save\""
                  + " type=\"submit\">Save</button>")
          .append("</form></body></html>")
          .toString();
    }

    @PostMapping("/notes")
    RedirectView add(
        @RequestParam("text") String text,
        HttpSession session,
        Authentication user,
        RedirectAttributes flash) {
      List<Note> notes = new ArrayList<>(notesOf(session));
      notes.add(new Note(text, user.getName()));
      session.setAttribute("notes", notes);
      flash.addFlashAttribute("message", "Saved: " + text);
      return new RedirectView("/notes");
    }

    /** The class of each attribute of the session, as getAttribute returns it. */
    @GetMapping("/attributes")
    String attributes(HttpSession session) {
      StringBuilder out = new StringBuilder();
      for (String name :
          java.util.Collections.list(session.getAttributeNames()).stream().sorted().toList()) {
        Object value = session.getAttribute(name);
        out.append(name)
            .append('=')
            .append(value == null ? "null" : value.getClass().getName())
            .append('\n');
      }
      return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Note> notesOf(HttpSession session) {
      Object notes = session.getAttribute("notes");
      return notes == null ? List.of() : (List<Note>) notes;
    }
  }
}
