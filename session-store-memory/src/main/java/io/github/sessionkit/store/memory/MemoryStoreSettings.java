package io.github.sessionkit.store.memory;

import io.github.sessionkit.spi.Setting;
import java.time.Duration;
import java.util.List;

/** The settings {@link MemorySessionStoreProvider} reads. */
public final class MemoryStoreSettings {

  private MemoryStoreSettings() {}

  /** Sessions kept before the least valuable are evicted. */
  public static final Setting<Integer> MAX_SIZE =
      Setting.integer(
          "SESSION_MEMORY_MAX_SIZE",
          (int) MemorySessionStore.DEFAULT_MAXIMUM_SIZE,
          1,
          Integer.MAX_VALUE,
          "sessions kept before evicting (W-TinyLFU)");

  /** Longest life of an entry after its last write; the tiered store sets its local-cache TTL. */
  public static final Setting<Duration> MAX_TTL =
      Setting.duration(
          "SESSION_MEMORY_MAX_TTL", null, "longest life of an entry after its last write");

  /** Every setting of this module, in documentation order. */
  public static List<Setting<?>> all() {
    return List.of(MAX_SIZE, MAX_TTL);
  }
}
