package io.github.sessionkit.internal.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.impl.ClassNameIdResolver;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import org.jspecify.annotations.Nullable;

/**
 * Class-name type ids, with the JDK's internal collection classes ({@code List.of(...)}, {@code
 * Collections.unmodifiableList(...)}, {@code Arrays.asList(...)}) written as the public class
 * Jackson reads them back to: {@code ArrayList}, {@code LinkedHashSet}/{@code TreeSet}, {@code
 * LinkedHashMap}/{@code TreeMap}. Without this, a stored {@code List.of("a")} would name a class
 * that cannot be instantiated.
 */
final class StoredTypeIdResolver extends ClassNameIdResolver {

  private static final long serialVersionUID = 1L;

  // Jackson 2.x deprecates this constructor for one taking the MapperConfig, which the
  // TypeResolverBuilder that creates this resolver does not have; the deprecated one is kept in
  // 2.x.
  @SuppressWarnings("deprecation")
  StoredTypeIdResolver(
      JavaType baseType, TypeFactory typeFactory, PolymorphicTypeValidator validator) {
    super(baseType, typeFactory, validator);
  }

  @Override
  public String idFromValue(Object value) {
    String replacement = publicCollectionClass(value.getClass());
    return replacement != null ? replacement : super.idFromValue(value);
  }

  @Override
  public String idFromValueAndType(Object value, Class<?> type) {
    String replacement = publicCollectionClass(type);
    return replacement != null ? replacement : super.idFromValueAndType(value, type);
  }

  /**
   * The class name to store for a JDK collection class that is not itself in the allow-list, or
   * null to keep the class's own name.
   */
  static @Nullable String publicCollectionClass(Class<?> type) {
    String name = type.getName();
    if (!name.startsWith("java.util.") || TypeAllowList.JDK_TYPES.contains(name)) {
      return null;
    }
    if (SortedSet.class.isAssignableFrom(type)) {
      return "java.util.TreeSet";
    }
    if (SortedMap.class.isAssignableFrom(type)) {
      return "java.util.TreeMap";
    }
    if (List.class.isAssignableFrom(type)) {
      return "java.util.ArrayList";
    }
    if (Set.class.isAssignableFrom(type)) {
      return "java.util.LinkedHashSet";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "java.util.LinkedHashMap";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "java.util.ArrayList";
    }
    return null;
  }
}
