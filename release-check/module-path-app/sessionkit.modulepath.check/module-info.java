/** An application on the module path that uses every store module, for the module-path check. */
module sessionkit.modulepath.check {
  requires io.github.sessionkit.store.memory;
  requires io.github.sessionkit.store.redis;
  requires io.github.sessionkit.store.jdbc;
  requires io.github.sessionkit.tiered;

  uses io.github.sessionkit.spi.SessionStoreProvider; // ModulePathCheck lists the providers itself
}
