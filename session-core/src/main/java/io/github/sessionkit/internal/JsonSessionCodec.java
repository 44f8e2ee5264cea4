package io.github.sessionkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.sessionkit.AttributeDecodingException;
import io.github.sessionkit.AttributeSerializationException;
import io.github.sessionkit.SessionCodec;
import java.lang.reflect.Type;

/** The default {@link SessionCodec}: Jackson data binding, no polymorphic typing. */
public final class JsonSessionCodec implements SessionCodec {

  public static final JsonSessionCodec INSTANCE = new JsonSessionCodec();

  private final ObjectMapper mapper;

  private JsonSessionCodec() {
    this.mapper = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        // Class names from stored data are never resolved: a deny-all validator makes any
        // @JsonTypeInfo(use = CLASS) on a user type fail instead of instantiating gadgets.
        .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .build();
  }

  @Override
  public String encode(String name, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new AttributeSerializationException(name,
          "attribute '" + name + "' of type " + value.getClass().getName()
              + " cannot be encoded as JSON: " + reason(e), e);
    }
  }

  @Override
  public Object decode(String name, String encoded, Type type) {
    try {
      return mapper.readValue(encoded, mapper.constructType(type));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new AttributeDecodingException(name,
          "attribute '" + name + "' does not decode to " + type.getTypeName()
              + " (stored " + encoded.length() + " chars): " + reason(e), e);
    }
  }

  private static String reason(Exception e) {
    String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
