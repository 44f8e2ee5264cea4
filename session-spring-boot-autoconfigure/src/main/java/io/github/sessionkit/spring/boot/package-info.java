/**
 * Spring Boot 3 auto-configuration for sessionkit: add {@code sessionkit-spring-boot-starter} and
 * {@code HttpSession} is shared by every instance of the application, configured by {@code
 * sessionkit.*} properties ({@link io.github.sessionkit.spring.boot.SessionkitProperties}).
 */
@NullMarked
package io.github.sessionkit.spring.boot;

import org.jspecify.annotations.NullMarked;
