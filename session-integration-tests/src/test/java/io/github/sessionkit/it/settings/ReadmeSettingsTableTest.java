package io.github.sessionkit.it.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.ManagerSettings;
import io.github.sessionkit.spi.Setting;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.jdbc.JdbcStoreSettings;
import io.github.sessionkit.store.memory.MemoryStoreSettings;
import io.github.sessionkit.store.redis.RedisStoreSettings;
import io.github.sessionkit.tiered.TieredStoreSettings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the settings' own declarations, rendered: a setting added,
 * renamed, re-defaulted or re-documented in code fails this test until the README says the same.
 * Run with {@code -Dsessionkit.readme.write=true} to rewrite the table from the declarations.
 */
class ReadmeSettingsTableTest {

  private static final String BEGIN = "<!-- settings-table:begin (generated from the *Settings";
  private static final String END = "<!-- settings-table:end -->";

  /** Each module's catalog, under the heading its rows stand under (none for the manager's). */
  private static final Map<String, Class<?>> CATALOGS = new LinkedHashMap<>();

  static {
    CATALOGS.put("", ManagerSettings.class);
    CATALOGS.put("memory store", MemoryStoreSettings.class);
    CATALOGS.put("tiered store", TieredStoreSettings.class);
    CATALOGS.put("Redis store", RedisStoreSettings.class);
    CATALOGS.put("PostgreSQL store", JdbcStoreSettings.class);
  }

  private static final Pattern SETTING_NAME =
      Pattern.compile("\\bSESSION_[A-Z0-9]+(?:_[A-Z0-9]+)*\\b(?!_)");

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root (holding mvnw)").isNotNull();
    return dir;
  }

  @SuppressWarnings("unchecked")
  private static List<Setting<?>> all(Class<?> catalog) {
    try {
      return (List<Setting<?>>) catalog.getMethod("all").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(catalog + " has no static all()", e);
    }
  }

  @Test
  void everyCatalogListsEachOfItsConstantsOnceAndNamesAreUnique() throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Class<?> catalog : CATALOGS.values()) {
      List<Setting<?>> declared = new ArrayList<>();
      for (Field field : catalog.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
          declared.add((Setting<?>) field.get(null));
        }
      }
      assertThat(all(catalog))
          .as(catalog.getSimpleName())
          .containsExactlyInAnyOrderElementsOf(declared);
      all(catalog).forEach(s -> names.add(s.name()));
    }
    assertThat(names).doesNotHaveDuplicates();
  }

  @Test
  void theReadmeTableIsTheDeclarations() throws IOException {
    Path readme = root().resolve("README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("the README's table markers").isNotNegative();
    assertThat(end).isGreaterThan(begin);
    int bodyStart = text.indexOf('\n', begin) + 1;
    String expected = table();
    if (Boolean.getBoolean("sessionkit.readme.write")) {
      Files.writeString(
          readme,
          text.substring(0, bodyStart) + expected + text.substring(end),
          StandardCharsets.UTF_8);
      return;
    }
    assertThat(text.substring(bodyStart, end))
        .as(
            "README.md's configuration table; rewrite it with ./mvnw -B -q test -pl"
                + " session-integration-tests -Dtest=ReadmeSettingsTableTest"
                + " -Dsessionkit.readme.write=true")
        .isEqualTo(expected);
  }

  /**
   * Every setting name the code or the documentation mentions is declared: no knob is read, or
   * documented, outside the catalogs.
   */
  @Test
  void everySettingNameInCodeAndDocsIsDeclared() throws IOException {
    Set<String> declared =
        CATALOGS.values().stream()
            .flatMap(c -> all(c).stream())
            .map(Setting::name)
            .collect(Collectors.toSet());
    Path root = root();
    Set<String> unknown = new TreeSet<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(root, 12)) {
      paths
          .filter(Files::isRegularFile)
          .filter(
              p -> {
                String path = root.relativize(p).toString().replace('\\', '/');
                return !path.contains("/target/")
                    && !path.startsWith(".")
                    && ((path.contains("/src/main/") && path.endsWith(".java"))
                        || path.endsWith(".md"));
              })
          .forEach(files::add);
    }
    for (Path file : files) {
      Matcher m = SETTING_NAME.matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (m.find()) {
        if (!declared.contains(m.group())) {
          unknown.add(m.group() + " in " + root.relativize(file));
        }
      }
    }
    assertThat(files).hasSizeGreaterThan(50);
    assertThat(unknown).as("setting names that no *Settings catalog declares").isEmpty();
  }

  /**
   * Where code documents a setting's default in passing, {@code (SESSION_X, default 30m)} (the
   * Spring Boot properties' Javadoc, which IDEs show), the default is the declared one.
   */
  @Test
  void defaultsMentionedInJavadocAreTheDeclaredOnes() throws IOException {
    Map<String, Setting<?>> declared = new LinkedHashMap<>();
    CATALOGS.values().forEach(c -> all(c).forEach(s -> declared.put(s.name(), s)));
    Path root = root();
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> paths = Files.walk(root, 12)) {
      for (Path file :
          paths
              .filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
              .filter(p -> !p.toString().contains("/target/"))
              .toList()) {
        String source =
            Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*\\*\\s*", " ");
        Matcher m = DOCUMENTED_DEFAULT.matcher(source);
        while (m.find()) {
          Setting<?> setting = declared.get(m.group(1));
          if (setting == null || setting.defaultValue().isEmpty()) {
            continue;
          }
          checked++;
          Object said =
              setting.type() == Duration.class
                  ? Settings.parseDuration(setting.name(), m.group(2))
                  : m.group(2);
          Object expected =
              setting.type() == Duration.class
                  ? setting.defaultValue().orElseThrow()
                  : setting.defaultText();
          if (!said.equals(expected)) {
            wrong.add(m.group() + " in " + root.relativize(file) + ": declared " + expected);
          }
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(5);
    assertThat(wrong).isEmpty();
  }

  private static final Pattern DOCUMENTED_DEFAULT =
      Pattern.compile("\\((SESSION_[A-Z0-9_]+), default \"?([A-Za-z0-9._-]+)\"?\\)");

  private static String table() {
    StringBuilder out = new StringBuilder("| variable | default | meaning |\n|---|---|---|\n");
    CATALOGS.forEach(
        (heading, catalog) -> {
          if (!heading.isEmpty()) {
            out.append("| **").append(heading).append("** | | |\n");
          }
          for (Setting<?> s : all(catalog)) {
            String shown =
                s.hasDocumentedDefault() || s.defaultValue().isEmpty()
                    ? s.defaultText()
                    : "`" + s.defaultText() + "`";
            if (!s.bounds().isEmpty()) {
              shown += " (" + s.bounds() + ")";
            }
            out.append("| `")
                .append(s.name())
                .append("` | ")
                .append(shown)
                .append(" | ")
                .append(s.doc())
                .append(s.secret() ? " (a secret: never printed)" : "")
                .append(" |\n");
          }
        });
    return out.toString();
  }
}
