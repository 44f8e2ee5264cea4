import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * Compiles module-path-app (a modular application that requires every store module) against the
 * stores' runtime dependencies as a module path, then runs it with nothing on the class path. Fails
 * if a module descriptor is wrong: a missing requires, export, opens or provides.
 *
 * <pre>java ModulePath.java MODULE_PATH_FILE APP_SOURCES OUTPUT_DIR</pre>
 */
public final class ModulePath {

  public static void main(String[] args) throws Exception {
    String modulePath = Files.readString(Path.of(args[0])).strip();
    Path sources = Path.of(args[1]);
    Path out = Path.of(args[2]);
    String module = "sessionkit.modulepath.check";
    int compiled =
        ToolProvider.findFirst("javac")
            .orElseThrow()
            .run(
                System.out,
                System.err,
                "-Xlint:all,-requires-automatic",
                "-Werror",
                "-d",
                out.toString(),
                "--module-path",
                modulePath,
                "--module-source-path",
                sources.toString(),
                "--module",
                module);
    if (compiled != 0) {
      System.err.println(
          "module-path: the application requiring every store module does not compile");
      System.exit(1);
    }
    Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
    Process run =
        new ProcessBuilder(
                List.of(
                    launcher.toString(),
                    "--module-path",
                    out.resolve(module) + File.pathSeparator + modulePath,
                    "--module",
                    module + "/io.github.sessionkit.modulepath.ModulePathCheck"))
            .inheritIO()
            .start();
    int status = run.waitFor();
    if (status != 0) {
      System.err.println("module-path: the check failed on the module path (exit " + status + ")");
    }
    System.exit(status);
  }
}
