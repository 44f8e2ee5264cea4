package io.github.sessionkit.internal.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which values plain JSON already round-trips, so they are stored without class names (as before
 * typed attributes, and smaller): strings, booleans, ints, finite doubles, and {@code ArrayList}s
 * or immutable lists and {@code LinkedHashMap}s or immutable maps with string keys of such values.
 * Plain JSON reads arrays back as {@code ArrayList} and objects as {@code LinkedHashMap}, the
 * classes the typed form would give these too.
 */
final class PlainJson {

  private static final int MAX_DEPTH = 32;

  private PlainJson() {}

  static boolean isPlain(Object value) {
    return isPlain(value, 0);
  }

  private static boolean isPlain(Object value, int depth) {
    if (value instanceof String || value instanceof Boolean || value instanceof Integer) {
      return true;
    }
    if (value instanceof Double d) {
      return Double.isFinite(d);
    }
    if (depth >= MAX_DEPTH) {
      return false;
    }
    if (value instanceof List<?> list && readsBackAsArrayList(list.getClass())) {
      for (Object element : list) {
        if (element == null || !isPlain(element, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof Map<?, ?> map && readsBackAsLinkedHashMap(map.getClass())) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String)
            || e.getValue() == null
            || !isPlain(e.getValue(), depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean readsBackAsArrayList(Class<?> c) {
    return c == ArrayList.class
        || "java.util.ArrayList".equals(StoredTypeIdResolver.publicCollectionClass(c));
  }

  private static boolean readsBackAsLinkedHashMap(Class<?> c) {
    return c == LinkedHashMap.class
        || "java.util.LinkedHashMap".equals(StoredTypeIdResolver.publicCollectionClass(c));
  }
}
