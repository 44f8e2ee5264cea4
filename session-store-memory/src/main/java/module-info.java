/** The Caffeine-backed in-process session store ({@code memory:}). */
module io.github.sessionkit.store.memory {
  requires transitive io.github.sessionkit.core;
  requires com.github.benmanes.caffeine;

  exports io.github.sessionkit.store.memory;

  provides io.github.sessionkit.spi.SessionStoreProvider with
      io.github.sessionkit.store.memory.MemorySessionStoreProvider;
}
