package io.github.sessionkit.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one core busy while network round trips are timed, either as a background thread of this
 * JVM ({@link #KeepAwake(boolean)}, for the scale figures) or as a low-priority child process
 * ({@link #lowPriorityProcess()}, for the JMH suite, whose benchmarks run in forked JVMs).
 *
 * <p>On a virtual machine, a loopback round trip whose two ends wait on idle vCPUs pays for waking
 * them: on the 2-vCPU VM these figures were first taken on, a Redis {@code GET} took about 80 µs
 * with both cores idle and about 20 µs with one busy, and a ping-pong loop counted 20-36 % of the
 * machine's time as hypervisor steal with the cores idle against 0.1-0.4 % with one busy. Without
 * this, latencies flip between the two with unrelated load on the machine. The loop does plain
 * arithmetic rather than {@link Thread#onSpinWait()}, whose pause instruction a hypervisor may take
 * as a cue to deschedule the vCPU.
 */
public final class KeepAwake implements AutoCloseable {

  private volatile boolean running = true;
  private final @Nullable Thread thread;
  private final @Nullable Process process;

  @SuppressWarnings("unused")
  private static volatile long sink;

  /**
   * Starts spinning on a daemon thread of this JVM if {@code enabled}; else does nothing at all.
   */
  KeepAwake(boolean enabled) {
    process = null;
    if (enabled) {
      Thread t = new Thread(() -> spinWhile(() -> running), "scale-keep-awake");
      t.setDaemon(true);
      t.start();
      thread = t;
    } else {
      thread = null;
    }
  }

  private KeepAwake(Process process) {
    this.thread = null;
    this.process = process;
  }

  /**
   * Starts a child JVM that spins until {@link #close() closed} or until this JVM exits, under
   * {@code nice -n 19} where {@code nice} is on the path, so that it takes a core only when nothing
   * else wants it (a spinner of normal priority took CPU from the benchmark and the servers: the
   * PostgreSQL store's typical request at one thread came out at 372 µs mean beside it against 274
   * µs beside a niced one, medians alike).
   *
   * @throws IOException if the child JVM cannot be started
   */
  public static KeepAwake lowPriorityProcess() throws IOException {
    List<String> command = new ArrayList<>();
    if (onPath("nice")) {
      command.addAll(List.of("nice", "-n", "19"));
    }
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx32m",
            "-cp",
            System.getProperty("java.class.path"),
            KeepAwake.class.getName()));
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return new KeepAwake(p);
  }

  /** Whether this keeps a core busy (a process that has not exited, or a thread). */
  public boolean isSpinning() {
    Process p = process;
    return p != null ? p.isAlive() : thread != null && running;
  }

  /** The child process of {@link #lowPriorityProcess()}, if this is one. */
  @Nullable ProcessHandle process() {
    Process p = process;
    return p == null ? null : p.toHandle();
  }

  /** Stops spinning. */
  @Override
  public void close() {
    running = false;
    Thread t = thread;
    Process p = process;
    try {
      if (t != null) {
        t.join();
      }
      if (p != null) {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The child process of {@link #lowPriorityProcess()}: spins until killed, or until the process
   * that started it exits (so a suite that dies leaves no spinner behind).
   */
  public static void main(String[] args) {
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
    spinWhile(() -> true);
  }

  private static void spinWhile(BooleanSupplier running) {
    long x = 1;
    while (running.getAsBoolean()) {
      for (int i = 0; i < 1_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
      sink = x;
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
