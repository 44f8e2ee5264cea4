import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The public API of one module as a text file, the way Android and Kotlin libraries keep an {@code
 * api} dump: every public and protected class, interface, record and enum in an exported package
 * (the module descriptor's exports; without one, every package but {@code .internal}), with its
 * public and protected members as {@code javap -protected} prints them. Classes are sorted by name
 * and members within a class, so only a change of signature shows as a diff. Nullness annotations
 * are not part of the dump (javap does not print type annotations).
 *
 * <pre>java ApiDump.java check|write CLASSES_DIR API_FILE ARTIFACT_ID</pre>
 *
 * The build runs {@code check} in every published module (process-classes phase); it fails when the
 * committed file differs and names the command that rewrites it: {@code scripts/api-dump}.
 */
public final class ApiDump {

  private static final String REGENERATE = "scripts/api-dump";

  public static void main(String[] args) throws Exception {
    if (args.length != 4 || !Set.of("check", "write").contains(args[0])) {
      System.err.println("usage: java ApiDump.java check|write CLASSES_DIR API_FILE ARTIFACT_ID");
      System.exit(2);
    }
    boolean write = args[0].equals("write");
    Path classes = Path.of(args[1]);
    Path apiFile = Path.of(args[2]);
    String artifactId = args[3];
    if (!Files.isDirectory(classes)) {
      return; // a module without code (a starter, a pom)
    }
    String dump = dump(classes);
    if (dump.isEmpty() && !Files.exists(apiFile)) {
      return;
    }
    if (write) {
      Files.createDirectories(apiFile.getParent());
      Files.writeString(apiFile, dump);
      System.out.println("api-dump: wrote " + apiFile);
      return;
    }
    String committed = Files.exists(apiFile) ? Files.readString(apiFile) : "";
    if (committed.equals(dump)) {
      System.out.println(
          "api-dump: the public API of " + artifactId + " matches " + apiFile.getFileName());
      return;
    }
    Set<String> before = new LinkedHashSet<>(committed.lines().toList());
    Set<String> after = new LinkedHashSet<>(dump.lines().toList());
    System.err.println(
        "api-dump: the public API of "
            + artifactId
            + " differs from the committed "
            + apiFile
            + ":");
    int shown = 0;
    for (String line : before) {
      if (!after.contains(line) && !line.isBlank() && shown++ < 40) {
        System.err.println("  - " + line);
      }
    }
    for (String line : after) {
      if (!before.contains(line) && !line.isBlank() && shown++ < 40) {
        System.err.println("  + " + line);
      }
    }
    System.err.println(
        "If the change is meant, run " + REGENERATE + " and commit the .api files with it.");
    System.exit(1);
  }

  static String dump(Path classes) throws IOException {
    Set<String> exported = exportedPackages(classes);
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      files
          .filter(p -> p.toString().endsWith(".class"))
          .map(p -> classes.relativize(p).toString().replace('\\', '/'))
          .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .filter(n -> exported == null ? !isInternal(n) : exported.contains(packageOf(n)))
          .sorted()
          .forEach(names::add);
    }
    if (names.isEmpty()) {
      return "";
    }
    List<String> command = new ArrayList<>(List.of("-protected", "-cp", classes.toString()));
    command.addAll(names);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        ToolProvider.findFirst("javap")
            .orElseThrow()
            .run(new PrintWriter(out), new PrintWriter(err), command.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("javap failed (" + status + "): " + err);
    }
    Map<String, String> byClass = new TreeMap<>();
    Set<String> hidden = new TreeSet<>();
    String header = null;
    Set<String> members = new TreeSet<>();
    for (String line : out.toString().lines().toList()) {
      if (line.startsWith("Compiled from") || line.isBlank()) {
        continue;
      }
      if (header == null) {
        header = line;
        members = new TreeSet<>();
      } else if (line.equals("}")) {
        String name = className(header);
        boolean visible = header.startsWith("public ") || header.startsWith("protected ");
        if (visible) {
          byClass.put(
              name,
              header + "\n" + String.join("\n", members) + (members.isEmpty() ? "" : "\n") + "}\n");
        } else {
          hidden.add(name);
        }
        header = null;
      } else if (!line.strip().equals("static {};")) {
        members.add(line);
      }
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e : byClass.entrySet()) {
      if (!enclosedByHidden(e.getKey(), hidden)) {
        text.append(e.getValue()).append('\n');
      }
    }
    return text.toString();
  }

  /** Null when the module has no descriptor (then every package but .internal counts). */
  private static Set<String> exportedPackages(Path classes) throws IOException {
    Path descriptor = classes.resolve("module-info.class");
    if (!Files.exists(descriptor)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(descriptor)) {
      Set<String> exported = new TreeSet<>();
      for (ModuleDescriptor.Exports e : ModuleDescriptor.read(in).exports()) {
        if (!e.isQualified()) {
          exported.add(e.source());
        }
      }
      return exported;
    }
  }

  private static boolean isInternal(String className) {
    return packageOf(className).contains(".internal");
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  /**
   * The binary class name in a javap header such as {@code public final class a.B$C extends ...}.
   */
  private static String className(String header) {
    String[] words = header.replace("{", " ").split("\\s+", -1);
    for (int i = 0; i < words.length - 1; i++) {
      if (Set.of("class", "interface", "enum", "record").contains(words[i])) {
        String name = words[i + 1];
        int generic = name.indexOf('<');
        return generic < 0 ? name : name.substring(0, generic);
      }
    }
    return header;
  }

  private static boolean enclosedByHidden(String name, Set<String> hidden) {
    for (int i = name.indexOf('$'); i > 0; i = name.indexOf('$', i + 1)) {
      if (hidden.contains(name.substring(0, i))) {
        return true;
      }
    }
    return false;
  }
}
