package io.github.sessionkit.bench.scale;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.store.memory.MemorySessionStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/** The Caffeine memory store, sized for every session; its footprint is the JVM heap in use. */
final class MemoryTarget implements ScaleTarget {

  private static final int MAX_GCS = 10;

  private @Nullable SessionManager manager;

  MemoryTarget(Clock clock, long maximumSize) {
    this.manager =
        ScaleTarget.manager(
            MemorySessionStore.builder().clock(clock).maximumSize(maximumSize).build(), clock);
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String server() {
    return "MemorySessionStore in this JVM";
  }

  @Override
  public String counted() {
    return "approximate: JVM heap in use after repeated full GCs (`MemoryMXBean`), so every object"
        + " the store keeps per session: Caffeine entry, record, key, attribute map and"
        + " strings (Latin-1, one byte a character), principal index; with Java "
        + Runtime.version().feature()
        + "'s default object layout";
  }

  @Override
  public boolean remote() {
    return false;
  }

  @Override
  public SessionManager manager() {
    SessionManager m = manager;
    if (m == null) {
      throw new IllegalStateException("closed");
    }
    return m;
  }

  @Override
  public long footprint() {
    return usedHeapAfterGc();
  }

  @Override
  public void close() {
    SessionManager m = manager;
    manager = null;
    if (m != null) {
      m.close();
    }
    usedHeapAfterGc();
  }

  /**
   * Heap in use after full collections, repeated until two readings agree within 0.1 % (at most
   * {@value #MAX_GCS} times), so that garbage freed only by a second pass is gone too.
   */
  static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = -1;
    long used = 0;
    for (int i = 0; i < MAX_GCS; i++) {
      memory.gc();
      used = memory.getHeapMemoryUsage().getUsed();
      if (previous >= 0 && Math.abs(used - previous) <= Math.max(64 * 1024, used / 1000)) {
        break;
      }
      previous = used;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return used;
  }
}
