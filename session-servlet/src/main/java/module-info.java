/** The Jakarta Servlet 6 filter that backs {@code HttpSession} with a session manager. */
module io.github.sessionkit.servlet {
  requires transitive io.github.sessionkit.core;
  requires transitive jakarta.servlet;
  requires org.slf4j;

  exports io.github.sessionkit.servlet;
}
