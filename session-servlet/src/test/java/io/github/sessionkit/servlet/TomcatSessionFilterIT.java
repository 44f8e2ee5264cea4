package io.github.sessionkit.servlet;

/** Every filter test on embedded Tomcat 10.1. */
class TomcatSessionFilterIT extends SessionFilterITBase {

  @Override
  ServletContainer.Factory containers() {
    return TomcatContainer.FACTORY;
  }
}
