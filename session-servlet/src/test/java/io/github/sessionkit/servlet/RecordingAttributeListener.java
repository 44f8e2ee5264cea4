package io.github.sessionkit.servlet;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the attribute events of one node as {@code added a=1}, {@code replaced a=1} (old value),
 * {@code removed a=2}.
 */
final class RecordingAttributeListener implements HttpSessionAttributeListener {

  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void attributeAdded(HttpSessionBindingEvent event) {
    events.add("added " + event.getName() + "=" + event.getValue());
  }

  @Override
  public void attributeReplaced(HttpSessionBindingEvent event) {
    events.add("replaced " + event.getName() + "=" + event.getValue());
  }

  @Override
  public void attributeRemoved(HttpSessionBindingEvent event) {
    events.add("removed " + event.getName() + "=" + event.getValue());
  }
}
