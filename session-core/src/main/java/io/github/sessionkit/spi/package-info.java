/**
 * The store SPI: what a backend implements to hold sessions, and how it is found by URL scheme
 * through {@link java.util.ServiceLoader}. Application code does not need this package; store
 * authors and the testkit do.
 */
@NullMarked
package io.github.sessionkit.spi;

import org.jspecify.annotations.NullMarked;
