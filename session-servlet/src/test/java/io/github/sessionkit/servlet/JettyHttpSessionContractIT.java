package io.github.sessionkit.servlet;

/** The HttpSession contract on embedded Jetty 12 (ee10). */
class JettyHttpSessionContractIT extends HttpSessionContractITBase {

  @Override
  ServletContainer.Factory containers() {
    return JettyContainer.FACTORY;
  }
}
