package io.github.sessionkit.spi;

/** A handle on a {@link SessionStore#subscribe} registration. */
public interface StoreSubscription extends AutoCloseable {

  /** The subscription of a store that has no notifications. */
  StoreSubscription NONE = () -> {};

  /** Stops the notifications. Idempotent. */
  @Override
  void close();
}
