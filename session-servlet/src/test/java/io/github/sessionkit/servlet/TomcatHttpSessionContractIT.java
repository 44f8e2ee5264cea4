package io.github.sessionkit.servlet;

/** The HttpSession contract on embedded Tomcat 10.1. */
class TomcatHttpSessionContractIT extends HttpSessionContractITBase {

  @Override
  ServletContainer.Factory containers() {
    return TomcatContainer.FACTORY;
  }
}
