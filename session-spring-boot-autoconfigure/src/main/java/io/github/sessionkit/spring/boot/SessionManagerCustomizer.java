package io.github.sessionkit.spring.boot;

import io.github.sessionkit.SessionManager;

/**
 * Changes the {@link SessionManager.Builder} the auto-configuration builds the manager with, after
 * the properties are applied: listeners, a store decorator, anything set in code. Declare one as a
 * bean; every one is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface SessionManagerCustomizer {

  /** Changes the builder; called once, at start-up. */
  void customize(SessionManager.Builder builder);
}
