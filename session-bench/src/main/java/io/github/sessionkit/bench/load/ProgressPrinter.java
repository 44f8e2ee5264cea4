package io.github.sessionkit.bench.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Shows a run's progress: on a terminal, one line redrawn in place with a carriage return;
 * elsewhere (a CI log, a file), a plain line every few seconds.
 */
final class ProgressPrinter implements Progress {

  /** How progress is shown. */
  enum Mode {
    /** A bar redrawn in place once a second. */
    BAR,
    /** A new line every {@link #LINE_INTERVAL_SECONDS} seconds. */
    LINES,
    /** Nothing. */
    OFF
  }

  static final int LINE_INTERVAL_SECONDS = 5;
  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final Mode mode;
  private int lastLength;
  private long lastLineSecond;

  ProgressPrinter(PrintStream out, Mode mode) {
    this.out = out;
    this.mode = mode;
  }

  @Override
  public void update(Snapshot s) {
    switch (mode) {
      case BAR -> redraw(bar(s));
      case LINES -> {
        long second = TimeUnit.NANOSECONDS.toSeconds(s.elapsedNanos());
        if (second - lastLineSecond >= LINE_INTERVAL_SECONDS) {
          lastLineSecond = second;
          out.println("progress " + status(s));
          out.flush();
        }
      }
      case OFF -> {}
    }
  }

  @Override
  public void done(Snapshot s) {
    switch (mode) {
      case BAR -> {
        redraw(bar(s));
        out.println();
      }
      case LINES -> out.println("done     " + status(s));
      case OFF -> {}
    }
    out.flush();
  }

  private void redraw(String line) {
    // Pad over the previous, possibly longer, line: a carriage return alone does not clear it.
    StringBuilder text = new StringBuilder("\r").append(line);
    for (int i = line.length(); i < lastLength; i++) {
      text.append(' ');
    }
    lastLength = line.length();
    out.print(text);
    out.flush();
  }

  static String bar(Snapshot s) {
    double fraction = fraction(s);
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + status(s);
  }

  static String status(Snapshot s) {
    return String.format(
        Locale.ROOT,
        "%3.0f%%  %s / %s  users %d  ops %,d  %,.0f ops/s  errors %,d",
        100 * fraction(s),
        clock(s.elapsedNanos()),
        clock(s.durationNanos()),
        s.activeUsers(),
        s.operations(),
        s.throughput(),
        s.errors());
  }

  private static double fraction(Snapshot s) {
    return s.durationNanos() <= 0 ? 1 : Math.min(1, (double) s.elapsedNanos() / s.durationNanos());
  }

  /** {@code mm:ss}, or {@code h:mm:ss} from an hour on. */
  static String clock(long nanos) {
    long total = TimeUnit.NANOSECONDS.toSeconds(nanos);
    long hours = total / 3600;
    long minutes = total % 3600 / 60;
    long seconds = total % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, seconds)
        : String.format(Locale.ROOT, "%02d:%02d", minutes, seconds);
  }
}
