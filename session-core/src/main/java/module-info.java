/**
 * sessionkit's API ({@code io.github.sessionkit}) and the store SPI ({@code
 * io.github.sessionkit.spi}). Everything under {@code io.github.sessionkit.internal} is
 * encapsulated. Stores are found with {@link java.util.ServiceLoader} on the module path as on the
 * class path.
 */
module io.github.sessionkit.core {
  requires transitive com.fasterxml.jackson.databind; // JsonCodecBuilder.module(Module)
  requires com.fasterxml.jackson.datatype.jsr310;
  requires org.slf4j;
  requires static transitive org.jspecify; // nullness annotations on the API, not needed at run

  // time

  exports io.github.sessionkit;
  exports io.github.sessionkit.spi;

  // Jackson builds the codec's type-id machinery reflectively.
  opens io.github.sessionkit.internal.codec to
      com.fasterxml.jackson.databind;

  uses io.github.sessionkit.spi.SessionStoreProvider;
}
