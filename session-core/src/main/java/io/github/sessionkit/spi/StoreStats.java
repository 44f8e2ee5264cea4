package io.github.sessionkit.spi;

/**
 * Session counts a store reports for operators. A count a backend cannot produce cheaply is {@link
 * #UNKNOWN}.
 *
 * @param total sessions stored, expired ones not yet removed included
 * @param active sessions not expired
 * @param createdSince sessions created at or after the asked bound
 */
public record StoreStats(long total, long active, long createdSince) {

  /** The value of a count the store cannot provide. */
  public static final long UNKNOWN = -1;
}
