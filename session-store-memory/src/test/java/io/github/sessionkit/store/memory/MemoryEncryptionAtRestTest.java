package io.github.sessionkit.store.memory;

import io.github.sessionkit.spi.ForwardingSessionStore;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.testkit.EncryptionAtRestContract;
import org.jspecify.annotations.Nullable;

/** Encryption at rest over one memory store that every "node" of a test shares. */
class MemoryEncryptionAtRestTest extends EncryptionAtRestContract {

  private final MemorySessionStore backend = MemorySessionStore.builder().build();

  @Override
  protected SessionStore newStore() {
    return new ForwardingSessionStore(backend) {
      @Override
      public void close() {}
    };
  }

  /** The memory store holds the records it was given: its copy is what lies "at rest". */
  @Override
  protected @Nullable String rawAttribute(SessionKey key, String attribute) {
    SessionRecord record = backend.load(key);
    return record == null ? null : record.attributes().get(attribute);
  }
}
