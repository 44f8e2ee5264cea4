package io.github.sessionkit.store.memory;

import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.testkit.SessionStoreContract;
import java.time.Clock;

class MemorySessionStoreContractTest extends SessionStoreContract {

  @Override
  protected SessionStore newStore(Clock clock) {
    return SharedMemory.storeFor(clock);
  }

  /**
   * Two "nodes" of a memory store can only share data by sharing the store itself, so every store
   * handed out in one test is the same instance, closed once by the test.
   */
  private static final class SharedMemory {
    private static MemorySessionStore current;
    private static Clock currentClock;

    static synchronized SessionStore storeFor(Clock clock) {
      if (current == null || currentClock != clock) {
        current = MemorySessionStore.builder().clock(clock).build();
        currentClock = clock;
        return current;
      }
      MemorySessionStore shared = current;
      return new io.github.sessionkit.spi.ForwardingSessionStore(shared) {
        @Override
        public void close() {}
      };
    }
  }
}
