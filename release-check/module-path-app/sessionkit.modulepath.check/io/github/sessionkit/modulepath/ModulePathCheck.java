package io.github.sessionkit.modulepath;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionStoreProvider;
import java.net.ServerSocket;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs on the module path only (ReleaseCheck launches it with --module-path and -m): the sessionkit
 * modules are named, internal packages are encapsulated, every store provider is found through the
 * module descriptors' provides clauses, the memory store works end to end, and the Redis and
 * PostgreSQL stores load their drivers (Jedis, HikariCP, PgJDBC) and report an unreachable server
 * as StoreUnavailableException, not as a missing class or an illegal access.
 */
public final class ModulePathCheck {

  public static void main(String[] args) throws Exception {
    Module core = SessionManager.class.getModule();
    check(
        core.isNamed() && core.getName().equals("io.github.sessionkit.core"),
        "core is the named module, got " + core);
    check(
        core.isExported("io.github.sessionkit") && core.isExported("io.github.sessionkit.spi"),
        "API and SPI exported");
    check(!core.isExported("io.github.sessionkit.internal"), "internal package not exported");
    try {
      Class.forName("io.github.sessionkit.internal.SessionIds")
          .getMethod("isValid", String.class)
          .invoke(null, "x");
      check(false, "io.github.sessionkit.internal is reachable by reflection");
    } catch (IllegalAccessException expected) {
      System.out.println("module-path: internal packages are encapsulated");
    }

    Set<String> schemes = new TreeSet<>();
    for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class)) {
      check(
          provider.getClass().getModule().isNamed(), provider.getClass() + " is in a named module");
      schemes.addAll(provider.schemes());
    }
    check(
        schemes.containsAll(List.of("memory", "redis", "postgresql", "tiered")),
        "providers found: " + schemes);
    System.out.println("module-path: store providers found for " + schemes);

    try (SessionManager sessions = SessionManager.builder().storeUrl("memory:").build()) {
      Session session = sessions.create("alice");
      session.put("cart", List.of("book"));
      sessions.save(session);
      Session found = sessions.find(session.id()).orElseThrow();
      check(found.get("cart", List.class).equals(List.of("book")), "attribute read back");
      check(
          sessions.invalidate(session.id()) && sessions.find(session.id()).isEmpty(),
          "invalidated");
      System.out.println("module-path: memory store: create, save, find, invalidate");
    }

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    unreachable("redis://127.0.0.1:" + closedPort);
    unreachable("postgresql://app:secret@127.0.0.1:" + closedPort + "/app");
    System.out.println("module-path: OK");
  }

  private static void unreachable(String url) {
    try (SessionManager sessions = SessionManager.builder().storeUrl(url).build()) {
      sessions.find("x".repeat(43));
      check(false, url + " answered");
    } catch (StoreUnavailableException expected) {
      System.out.println(
          "module-path: "
              + url.replace("secret", "****")
              + " loads its driver and reports: "
              + expected.getClass().getSimpleName());
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("module-path check failed: " + what);
    }
  }
}
