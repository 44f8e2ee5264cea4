package io.github.sessionkit.servlet;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A session listener the container instantiates from its class, as for {@code @WebListener}: it
 * records every event in {@link #EVENTS}, where the test reads them.
 */
public final class ContractListener
    implements HttpSessionListener, HttpSessionIdListener, HttpSessionAttributeListener {

  /**
   * What happened, in order: "created ID", "destroyed ID attributes=[..]", "added NAME=VALUE"...
   */
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  @Override
  public void sessionCreated(HttpSessionEvent se) {
    EVENTS.add("created " + se.getSession().getId());
  }

  @Override
  public void sessionDestroyed(HttpSessionEvent se) {
    // The attributes must still be readable here: the session is about to be invalidated.
    EVENTS.add(
        "destroyed "
            + se.getSession().getId()
            + " attributes="
            + Collections.list(se.getSession().getAttributeNames()).stream().sorted().toList());
  }

  @Override
  public void sessionIdChanged(HttpSessionEvent se, String oldSessionId) {
    EVENTS.add("idChanged " + oldSessionId + " -> " + se.getSession().getId());
  }

  @Override
  public void attributeAdded(HttpSessionBindingEvent event) {
    EVENTS.add("added " + event.getName() + "=" + event.getValue());
  }

  @Override
  public void attributeRemoved(HttpSessionBindingEvent event) {
    EVENTS.add("removed " + event.getName() + "=" + event.getValue());
  }

  @Override
  public void attributeReplaced(HttpSessionBindingEvent event) {
    EVENTS.add(
        "replaced "
            + event.getName()
            + " old="
            + event.getValue()
            + " now="
            + event.getSession().getAttribute(event.getName()));
  }
}
