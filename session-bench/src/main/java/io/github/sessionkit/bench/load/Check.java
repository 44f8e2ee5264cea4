package io.github.sessionkit.bench.load;

/**
 * One graded threshold.
 *
 * @param name what is graded
 * @param actual the measured value, formatted
 * @param limit the threshold, formatted with its comparison ({@code < 500 ms})
 * @param verdict the grade
 * @param reason for a failure, one line saying where it comes from (the slowest action, the worst
 *     second, the most frequent error); empty otherwise
 */
record Check(String name, String actual, String limit, Verdict verdict, String reason) {

  /** A check without a reason: a pass, or a grade whose measured value says it all. */
  Check(String name, String actual, String limit, Verdict verdict) {
    this(name, actual, limit, verdict, "");
  }

  enum Verdict {
    PASS("PASS"),
    FAIL("FAIL"),
    /** The check does not apply to this run (no cache tier); never a failure. */
    NOT_APPLICABLE("N/A");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }
}
