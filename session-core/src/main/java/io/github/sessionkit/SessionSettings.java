package io.github.sessionkit;

/** The per-manager values a {@link Session} needs; built once by the manager's builder. */
record SessionSettings(
    SessionCodec codec,
    long idleTimeoutMillis,
    long absoluteTimeoutMillis,
    long touchIntervalMillis,
    long maxAttributeBytes,
    long maxSessionBytes) {}
