package io.github.sessionkit.servlet;

/** Every filter test on embedded Jetty 12 (ee10). */
class JettySessionFilterIT extends SessionFilterITBase {

  @Override
  ServletContainer.Factory containers() {
    return JettyContainer.FACTORY;
  }
}
