package io.github.sessionkit;

import com.fasterxml.jackson.databind.Module;
import io.github.sessionkit.internal.codec.JsonSessionCodec;
import io.github.sessionkit.internal.codec.TypeAllowList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the JSON {@link SessionCodec} with a larger allow-list than {@link SessionCodec#json()}:
 * the application's packages, single classes, and Jackson modules whose mix-ins map a framework's
 * classes.
 *
 * <pre>{@code
 * SessionCodec codec = SessionCodec.jsonBuilder()
 *     .allowPackages("com.example.shop")          // records and beans of the application
 *     .build();
 * }</pre>
 *
 * <p>Every method validates its argument at once and throws {@link ConfigurationException} naming
 * it. Not thread-safe; the codec built is immutable and thread-safe.
 */
public final class JsonCodecBuilder {

  private static final Pattern PACKAGE =
      Pattern.compile(
          "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
              + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  private final Set<String> types = new LinkedHashSet<>();
  private final List<String> packages = new ArrayList<>();
  private final List<String> mappedPrefixes = new ArrayList<>();
  private final List<Module> modules = new ArrayList<>();

  JsonCodecBuilder() {}

  /**
   * Allows the classes of these packages and their sub-packages (records, beans, enums). Their
   * classes must read back as written: a creator or setters for every stored property.
   */
  public JsonCodecBuilder allowPackages(String... packageNames) {
    for (String name : packageNames) {
      packages.add(checkPackage("allowPackages", name));
    }
    return this;
  }

  /** Allows single classes. */
  public JsonCodecBuilder allowTypes(Class<?>... classes) {
    for (Class<?> c : classes) {
      Objects.requireNonNull(c, "allowTypes");
      if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic() || c.isHidden()) {
        throw ConfigurationException.invalid(
            "allowTypes", c.getName(), "a named top-level or member class");
      }
      types.add(c.getName());
    }
    return this;
  }

  /**
   * Registers a Jackson module (serializers, deserializers, mix-ins). Classes it maps with a mix-in
   * are allowed when they are in a package given to {@link #allowMappedTypesIn} (or in {@code
   * java.util}, for JDK-internal collections); the module's own code reads them.
   */
  public JsonCodecBuilder module(Module module) {
    modules.add(Objects.requireNonNull(module, "module"));
    return this;
  }

  /**
   * Allows the classes of these packages (and sub-packages) that a registered module maps with a
   * mix-in, and no others: the way to admit a framework's types, such as Spring Security's ({@code
   * org.springframework.security}), without admitting all its classes.
   */
  public JsonCodecBuilder allowMappedTypesIn(String... packageNames) {
    for (String name : packageNames) {
      mappedPrefixes.add(checkPackage("allowMappedTypesIn", name) + ".");
    }
    return this;
  }

  /** Builds the codec. */
  public SessionCodec build() {
    return new JsonSessionCodec(new TypeAllowList(types, packages, mappedPrefixes), modules);
  }

  private static String checkPackage(String setting, String name) {
    Objects.requireNonNull(name, setting);
    String trimmed = name.trim();
    if (!PACKAGE.matcher(trimmed).matches()) {
      throw ConfigurationException.invalid(
          setting, name, "a Java package name such as com.example.shop");
    }
    return trimmed;
  }
}
