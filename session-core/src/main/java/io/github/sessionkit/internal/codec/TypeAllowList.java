package io.github.sessionkit.internal.codec;

import java.util.List;
import java.util.Set;

/**
 * Which class names a stored attribute may name, decided on the name alone so that nothing is
 * loaded for a name outside the list. Immutable and thread-safe.
 *
 * <p>Three kinds of entry: the JDK value and collection types below; classes and packages the
 * application names; and "mapped" prefixes, under which a class is allowed only if a registered
 * Jackson module maps it (a mix-in), as framework modules such as Spring Security's do. Names of
 * hidden classes (lambdas) and of anonymous classes are never allowed.
 */
public final class TypeAllowList {

  /** JDK types Jackson reads back to an equal value of the same class. */
  static final Set<String> JDK_TYPES =
      Set.of(
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Character",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.ArrayDeque",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet",
          "java.util.concurrent.CopyOnWriteArrayList",
          "java.util.concurrent.CopyOnWriteArraySet",
          "java.util.concurrent.ConcurrentHashMap",
          "java.util.concurrent.ConcurrentSkipListMap",
          "java.util.concurrent.ConcurrentSkipListSet",
          "java.util.UUID",
          "java.util.Locale",
          "java.util.Currency",
          "java.util.Date",
          "java.net.URI",
          "java.net.URL",
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.ZonedDateTime",
          "java.time.Duration",
          "java.time.Period",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.ZoneOffset",
          "java.time.ZoneId",
          "java.time.ZoneRegion",
          "java.time.DayOfWeek",
          "java.time.Month");

  private final Set<String> types;
  private final List<String> packages;
  private final List<String> mappedPrefixes;

  /**
   * @param types exact class names allowed besides the JDK ones
   * @param packages package names whose classes (and sub-packages' classes) are allowed
   * @param mappedPrefixes name prefixes under which a class is allowed when a module maps it
   */
  public TypeAllowList(Set<String> types, List<String> packages, List<String> mappedPrefixes) {
    this.types = Set.copyOf(types);
    this.packages = packages.stream().map(p -> p.endsWith(".") ? p : p + ".").toList();
    this.mappedPrefixes = List.copyOf(mappedPrefixes);
  }

  /** Whether {@code className} (a binary name, or an array descriptor) is allowed outright. */
  public boolean allows(String className) {
    String name = elementName(className);
    if (name.isEmpty()) {
      return true;
    }
    if (!isNameOfANamedClass(name)) {
      return false;
    }
    if (JDK_TYPES.contains(name) || types.contains(name)) {
      return true;
    }
    for (String p : packages) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code className} is allowed if, once loaded, a registered module maps it. */
  boolean allowsIfMapped(String className) {
    String name = elementName(className);
    if (!isNameOfANamedClass(name)) {
      return false;
    }
    for (String p : mappedPrefixes) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    // JDK-internal collections (Collections$UnmodifiableSet...) are allowed when a module maps
    // them.
    return name.startsWith("java.util.");
  }

  /** The packages named by the application, for messages. */
  List<String> packages() {
    return packages;
  }

  /**
   * The element class name of an array descriptor ("" for primitive arrays), else the name itself.
   */
  private static String elementName(String className) {
    int dims = 0;
    while (dims < className.length() && className.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return className;
    }
    String rest = className.substring(dims);
    if (rest.startsWith("L") && rest.endsWith(";")) {
      return rest.substring(1, rest.length() - 1);
    }
    return rest.length() == 1 ? "" : "\u0000invalid";
  }

  /** Hidden classes (lambdas) carry a '/', anonymous classes end in $digits. */
  private static boolean isNameOfANamedClass(String name) {
    if (name.isEmpty()
        || name.indexOf('/') >= 0
        || name.indexOf('\u0000') >= 0
        || name.contains("$$Lambda")) {
      return false;
    }
    int dollar = name.lastIndexOf('$');
    if (dollar >= 0 && dollar + 1 < name.length() && Character.isDigit(name.charAt(dollar + 1))) {
      return false;
    }
    return true;
  }
}
