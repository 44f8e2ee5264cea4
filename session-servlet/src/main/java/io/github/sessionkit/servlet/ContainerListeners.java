package io.github.sessionkit.servlet;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the session listeners registered with the container ({@code @WebListener}, {@code web.xml},
 * {@code ServletContext.addListener}). The Servlet API has no call that lists them, so this asks
 * Jetty 12 (ee10) and Tomcat 10.1+ through their own classes, found by reflection so that neither
 * is a dependency. On any other container it finds none and says so once; register listeners with
 * {@link SessionFilter.Builder#listener} there.
 */
final class ContainerListeners {

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  private ContainerListeners() {}

  static List<EventListener> of(ServletContext context) {
    List<EventListener> found = new ArrayList<>();
    try {
      if (!jetty(context, found) && !tomcat(context, found)) {
        log.info(
            "the servlet container ({}) is not one whose session listeners sessionkit can list"
                + " (Jetty 12, Tomcat 10.1+): register HttpSession listeners with"
                + " SessionFilter.Builder.listener()",
            context.getServerInfo());
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "listing the container's session listeners failed; register them with"
              + " SessionFilter.Builder.listener()",
          e);
    }
    found.removeIf(l -> !SessionListeners.isSessionListener(l));
    return found;
  }

  private static boolean jetty(ServletContext context, List<EventListener> into)
      throws ReflectiveOperationException {
    Class<?> handlerClass = load(context, "org.eclipse.jetty.ee10.servlet.ServletContextHandler");
    if (handlerClass == null) {
      return false;
    }
    Object handler =
        handlerClass
            .getMethod("getServletContextHandler", ServletContext.class)
            .invoke(null, context);
    if (handler == null) {
      return false;
    }
    for (Object listener :
        (Iterable<?>) handlerClass.getMethod("getEventListeners").invoke(handler)) {
      if (listener instanceof EventListener l) {
        into.add(l);
      }
    }
    return true;
  }

  private static boolean tomcat(ServletContext context, List<EventListener> into)
      throws ReflectiveOperationException {
    if (!context.getClass().getName().equals("org.apache.catalina.core.ApplicationContextFacade")) {
      return false;
    }
    Object applicationContext = field(context, "context");
    Object standardContext = field(applicationContext, "context");
    for (String getter :
        List.of("getApplicationLifecycleListeners", "getApplicationEventListeners")) {
      Method method = standardContext.getClass().getMethod(getter);
      for (Object listener : (Object[]) method.invoke(standardContext)) {
        if (listener instanceof EventListener l) {
          into.add(l);
        }
      }
    }
    return true;
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }

  private static @Nullable Class<?> load(ServletContext context, String name) {
    try {
      return Class.forName(name, false, context.getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
