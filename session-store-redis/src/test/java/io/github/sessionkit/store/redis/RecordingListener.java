package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.StoreListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a store subscription delivers, in order. */
final class RecordingListener implements StoreListener {

  final List<String> events = new CopyOnWriteArrayList<>();
  final List<SessionKey> changed = new CopyOnWriteArrayList<>();

  @Override
  public void changed(SessionKey key) {
    changed.add(key);
    events.add("changed " + key);
  }

  @Override
  public void disconnected() {
    events.add("disconnected");
  }

  @Override
  public void reconnected() {
    events.add("reconnected");
  }

  long count(String event) {
    return events.stream().filter(event::equals).count();
  }
}
