package io.github.sessionkit.internal.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.sessionkit.AttributeDecodingException;
import io.github.sessionkit.AttributeSerializationException;
import io.github.sessionkit.AttributeTypeNotAllowedException;
import io.github.sessionkit.SessionCodec;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link SessionCodec}: Jackson, with each value's class kept for the classes an
 * allow-list names.
 *
 * <p>Two stored forms. Plain JSON for values that read back as themselves without any class name
 * (see {@link PlainJson}), which is also everything written before typed attributes existed.
 * Otherwise {@code {"@typed":V}}, where V is the value written with {@code @class} type ids on
 * every value whose declared type is not final; reading V resolves class names only through the
 * {@link TypeAllowList}.
 *
 * <p>{@link #encode} refuses a value outside the allow-list, and reads every typed value back
 * before accepting it, so a value that would not round-trip (a lambda, a property without a setter,
 * a number too long to parse) fails at {@code put}, never later.
 */
public final class JsonSessionCodec implements SessionCodec {

  static final String TYPED_PREFIX = "{\"@typed\":";

  private static final JsonSessionCodec DEFAULT =
      new JsonSessionCodec(new TypeAllowList(java.util.Set.of(), List.of(), List.of()), List.of());

  private final TypeAllowList allowList;

  /** Reads plain JSON; never resolves a class name from the data. */
  private final ObjectMapper plain;

  /** Reads and writes typed JSON; resolves class names through the allow-list. */
  private final ObjectMapper typed;

  private final ObjectWriter typedWriter;

  /** The codec with the JDK types only. */
  public static JsonSessionCodec defaults() {
    return DEFAULT;
  }

  /**
   * @param allowList the classes stored values may name
   * @param modules Jackson modules (serializers, mix-ins) to register, in order
   */
  public JsonSessionCodec(TypeAllowList allowList, List<Module> modules) {
    this.allowList = allowList;
    AllowListTypeValidator validator = new AllowListTypeValidator(allowList);
    this.plain = baseBuilder().polymorphicTypeValidator(validator).build();
    JsonMapper.Builder typedBuilder =
        baseBuilder()
            .polymorphicTypeValidator(validator)
            .setDefaultTyping(StoredTyping.create(validator));
    // Modules come after the default typing: Spring Security's keep a typing already set.
    modules.forEach(typedBuilder::addModule);
    this.typed = typedBuilder.build();
    this.typedWriter = typed.writerFor(Object.class);
  }

  private static JsonMapper.Builder baseBuilder() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  @Override
  public String encode(String name, Object value) {
    Objects.requireNonNull(value, "value");
    if (PlainJson.isPlain(value)) {
      return writePlain(name, value);
    }
    checkAllowed(name, value.getClass());
    String inner;
    try {
      inner = typedWriter.writeValueAsString(value);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new AttributeSerializationException(
          name,
          value.getClass().getName(),
          "attribute '"
              + name
              + "' of type "
              + value.getClass().getName()
              + " cannot be encoded as JSON: "
              + reason(e),
          e);
    }
    checkRoundTrip(name, value, inner);
    return TYPED_PREFIX + inner + "}";
  }

  private String writePlain(String name, Object value) {
    try {
      return plain.writeValueAsString(value);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new AttributeSerializationException(
          name,
          value.getClass().getName(),
          "attribute '"
              + name
              + "' of type "
              + value.getClass().getName()
              + " cannot be encoded as JSON: "
              + reason(e),
          e);
    }
  }

  private void checkAllowed(String name, Class<?> type) {
    if (type.isSynthetic() || type.isHidden() || type.isAnonymousClass() || type.isLocalClass()) {
      throw new AttributeTypeNotAllowedException(
          name,
          type.getName(),
          "attribute '"
              + name
              + "' is a "
              + (type.isAnonymousClass() || type.isLocalClass()
                  ? "anonymous or local class"
                  : "lambda or synthetic class")
              + " ("
              + type.getName()
              + "), which cannot be stored: it could not be instantiated when read back");
    }
    String stored = StoredTypeIdResolver.publicCollectionClass(type);
    String className = stored != null ? stored : type.getName();
    if (!allowList.allows(className)
        && !(allowList.allowsIfMapped(className) && typed.findMixInClassFor(type) != null)) {
      throw notAllowed(name, type.getName(), "of type");
    }
  }

  private AttributeTypeNotAllowedException notAllowed(
      String name, String className, String relation) {
    return new AttributeTypeNotAllowedException(
        name,
        className,
        "attribute '"
            + name
            + "' "
            + relation
            + " "
            + className
            + " cannot be stored: that class is not in the codec's allow-list (JDK value and"
            + " collection types"
            + (allowList.packages().isEmpty() ? "" : ", packages " + allowList.packages())
            + ", types registered by "
            + "codec modules). Allow its package with SESSION_ATTRIBUTE_PACKAGES (or "
            + "SessionCodec.jsonBuilder().allowPackages(...)), or store a JDK type instead");
  }

  /**
   * Reads the typed text back; refuses the value unless that gives an equal value or the same text.
   */
  private void checkRoundTrip(String name, Object value, String inner) {
    Object back;
    try {
      back = typed.readValue(inner, Object.class);
    } catch (InvalidTypeIdException e) {
      throw notAllowed(
          name,
          e.getTypeId() == null ? value.getClass().getName() : e.getTypeId(),
          "of type " + value.getClass().getName() + " holds a value of type");
    } catch (JsonProcessingException | RuntimeException e) {
      throw new AttributeSerializationException(
          name,
          value.getClass().getName(),
          "attribute '"
              + name
              + "' of type "
              + value.getClass().getName()
              + " is written as JSON that cannot be read back: "
              + reason(e),
          e);
    }
    if (Objects.equals(back, value)) {
      return;
    }
    String again;
    try {
      again = typedWriter.writeValueAsString(back);
    } catch (JsonProcessingException | RuntimeException e) {
      again = null;
    }
    if (!inner.equals(again)) {
      throw new AttributeSerializationException(
          name,
          value.getClass().getName(),
          "attribute '"
              + name
              + "' of type "
              + value.getClass().getName()
              + " does not read back as it was written ("
              + back.getClass().getName()
              + " with different content): give every stored property a setter or a creator, "
              + "or store a record or JDK type",
          null);
    }
  }

  @Override
  public @Nullable Object decode(String name, String encoded, Type type) {
    if (!encoded.startsWith(TYPED_PREFIX) || !encoded.endsWith("}")) {
      return decodePlain(name, encoded, type);
    }
    String inner = encoded.substring(TYPED_PREFIX.length(), encoded.length() - 1);
    Object value;
    try {
      value = typed.readValue(inner, Object.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new AttributeDecodingException(
          name,
          "attribute '"
              + name
              + "' does not decode (stored "
              + encoded.length()
              + " chars): "
              + reason(e),
          e);
    }
    return asRequested(name, value, type);
  }

  /**
   * The decoded value if it is of the requested type; a number converted to another number type.
   */
  private @Nullable Object asRequested(String name, @Nullable Object value, Type type) {
    JavaType requested = typed.constructType(type);
    Class<?> raw = boxed(requested.getRawClass());
    if (value == null || raw.isInstance(value)) {
      return value;
    }
    if (value instanceof Number && Number.class.isAssignableFrom(raw)) {
      try {
        return plain.convertValue(value, raw);
      } catch (IllegalArgumentException e) {
        throw new AttributeDecodingException(
            name,
            "attribute '"
                + name
                + "' holds the "
                + value.getClass().getName()
                + " "
                + value
                + ", which is not a "
                + raw.getName()
                + ": "
                + reason(e),
            e);
      }
    }
    throw new AttributeDecodingException(
        name,
        "attribute '"
            + name
            + "' holds a "
            + value.getClass().getName()
            + ", not a "
            + type.getTypeName(),
        null);
  }

  private Object decodePlain(String name, String encoded, Type type) {
    try {
      return plain.readValue(encoded, plain.constructType(type));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new AttributeDecodingException(
          name,
          "attribute '"
              + name
              + "' does not decode to "
              + type.getTypeName()
              + " (stored "
              + encoded.length()
              + " chars): "
              + reason(e),
          e);
    }
  }

  static Class<?> boxed(Class<?> c) {
    return c.isPrimitive() ? java.lang.invoke.MethodType.methodType(c).wrap().returnType() : c;
  }

  private static String reason(Exception e) {
    String message =
        e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
