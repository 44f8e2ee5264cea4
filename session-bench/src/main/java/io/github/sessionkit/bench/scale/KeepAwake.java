package io.github.sessionkit.bench.scale;

import org.jspecify.annotations.Nullable;

/**
 * A background thread that keeps one core busy while a network round trip is timed. On a virtual
 * machine, a loopback round trip whose two ends wait on idle vCPUs pays for waking them: on the
 * 2-vCPU VM these figures were first taken on, a Redis {@code GET} took about 80 µs with both cores
 * idle and about 20 µs with one busy. Without this thread, latencies flip between the two with
 * unrelated load on the machine, which swamps any effect of the number of stored sessions. The loop
 * does plain arithmetic rather than {@link Thread#onSpinWait()}, whose pause instruction a
 * hypervisor may take as a cue to deschedule the vCPU.
 */
final class KeepAwake implements AutoCloseable {

  private volatile boolean running = true;
  private final @Nullable Thread thread;

  @SuppressWarnings("unused")
  private volatile long sink;

  /** Starts spinning if {@code enabled}; else does nothing at all. */
  KeepAwake(boolean enabled) {
    if (enabled) {
      Thread t = new Thread(this::spin, "scale-keep-awake");
      t.setDaemon(true);
      t.start();
      thread = t;
    } else {
      thread = null;
    }
  }

  private void spin() {
    long x = 1;
    while (running) {
      for (int i = 0; i < 1_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    sink = x;
  }

  /** Stops spinning. */
  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t == null) {
      return;
    }
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
