package io.github.sessionkit.servlet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EventListener;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 10.1 (Servlet 6.0), with its default error report valve. */
final class TomcatContainer implements ServletContainer {

  static final Factory FACTORY =
      new Factory() {
        @Override
        public String name() {
          return "tomcat";
        }

        @Override
        public ServletContainer start(
            List<Mount> mounts, List<Class<? extends EventListener>> listeners) throws Exception {
          return new TomcatContainer(mounts, listeners);
        }
      };

  private final Tomcat tomcat;
  private final Connector connector;
  private final Path baseDir;

  private TomcatContainer(List<Mount> mounts, List<Class<? extends EventListener>> listeners)
      throws Exception {
    baseDir = Files.createTempDirectory("sessionkit-tomcat-");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    if (context instanceof StandardContext standard) {
      // Leak detection for web-app class loaders needs --add-opens and means nothing here.
      standard.setClearReferencesRmiTargets(false);
      standard.setClearReferencesThreadLocals(false);
      standard.setClearReferencesObjectStreamClassCaches(false);
    }
    for (Class<? extends EventListener> listener : listeners) {
      context.addApplicationListener(listener.getName());
    }
    int i = 0;
    for (Mount mount : mounts) {
      String pattern = mount.prefix() + "/*";
      String name = "m" + (i++);
      FilterDef def = new FilterDef();
      def.setFilterName(name + "-filter");
      def.setFilter(mount.filter());
      def.setFilterClass(mount.filter().getClass().getName());
      def.setAsyncSupported("true");
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(name + "-filter");
      map.addURLPattern(pattern);
      map.setDispatcher("REQUEST");
      map.setDispatcher("ASYNC");
      context.addFilterMap(map);
      Wrapper wrapper = Tomcat.addServlet(context, name + "-servlet", mount.servlet());
      wrapper.setAsyncSupported(true);
      wrapper.addMapping(pattern);
    }
    tomcat.start();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException("stopping Tomcat failed", e);
    }
    try (var paths = Files.walk(baseDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory left behind is harmless.
    }
  }
}
