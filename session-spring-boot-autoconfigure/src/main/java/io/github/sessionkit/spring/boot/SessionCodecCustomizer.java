package io.github.sessionkit.spring.boot;

import io.github.sessionkit.JsonCodecBuilder;

/**
 * Adds to the attribute codec the auto-configuration builds: Jackson modules, allowed types and
 * packages. Declare one as a bean; every one is applied, in {@code @Order}. The auto-configuration
 * registers its own for Spring Security and Spring MVC flash attributes. Ignored when the
 * application declares a {@link io.github.sessionkit.SessionCodec} bean.
 */
@FunctionalInterface
public interface SessionCodecCustomizer {

  /** Changes the builder; called once, at start-up. */
  void customize(JsonCodecBuilder builder);
}
