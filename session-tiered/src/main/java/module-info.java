/** The tiered store ({@code SESSION_STORE=tiered}): local, Redis and PostgreSQL tiers chained. */
module io.github.sessionkit.tiered {
  requires transitive io.github.sessionkit.core;
  requires io.github.resilience4j.circuitbreaker; // automatic module
  requires io.github.resilience4j.core; // automatic module
  requires org.slf4j;

  exports io.github.sessionkit.tiered;

  provides io.github.sessionkit.spi.SessionStoreProvider with
      io.github.sessionkit.tiered.TieredStoreProvider;
}
