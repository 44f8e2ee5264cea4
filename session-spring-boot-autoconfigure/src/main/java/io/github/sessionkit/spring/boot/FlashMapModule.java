package io.github.sessionkit.spring.boot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.FlashMap;

/**
 * Maps Spring MVC's {@link FlashMap} (a {@code HashMap} with a target path, target parameters and
 * an expiry), which plain Jackson would write as its entries only, losing the rest. The flash
 * attributes keep their classes through the codec's typing.
 */
final class FlashMapModule extends SimpleModule {

  private static final long serialVersionUID = 1L;

  FlashMapModule() {
    super("sessionkit-flash-map");
    setMixInAnnotation(FlashMap.class, FlashMapMixin.class);
  }

  @JsonSerialize(using = FlashMapSerializer.class)
  @JsonDeserialize(using = FlashMapDeserializer.class)
  abstract static class FlashMapMixin {}

  static final class FlashMapSerializer extends StdSerializer<FlashMap> {
    private static final long serialVersionUID = 1L;

    FlashMapSerializer() {
      super(FlashMap.class);
    }

    @Override
    public void serialize(FlashMap value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      fields(value, gen, provider);
      gen.writeEndObject();
    }

    @Override
    public void serializeWithType(
        FlashMap value, JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
        throws IOException {
      WritableTypeId id =
          typeSer.writeTypePrefix(gen, typeSer.typeId(value, JsonToken.START_OBJECT));
      fields(value, gen, provider);
      typeSer.writeTypeSuffix(gen, id);
    }

    private static void fields(FlashMap value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStringField("path", value.getTargetRequestPath());
      gen.writeNumberField("expires", value.getExpirationTime());
      Map<String, List<String>> params = new LinkedHashMap<>();
      value.getTargetRequestParams().forEach((k, v) -> params.put(k, new ArrayList<>(v)));
      gen.writeFieldName("params");
      // Written with its class, as the reader's Object deserializer with default typing expects.
      provider.defaultSerializeValue(params, gen);
      gen.writeFieldName("attributes");
      provider.defaultSerializeValue(new LinkedHashMap<>(value), gen);
    }
  }

  static final class FlashMapDeserializer extends StdDeserializer<FlashMap> {
    private static final long serialVersionUID = 1L;

    FlashMapDeserializer() {
      super(FlashMap.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public FlashMap deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      FlashMap map = new FlashMap();
      JsonToken token =
          p.currentToken() == JsonToken.START_OBJECT ? p.nextToken() : p.currentToken();
      JsonDeserializer<Object> any =
          ctxt.findRootValueDeserializer(ctxt.constructType(Object.class));
      for (; token == JsonToken.FIELD_NAME; token = p.nextToken()) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "path" ->
              map.setTargetRequestPath(
                  p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText());
          case "expires" -> map.setExpirationTime(p.getLongValue());
          case "params" ->
              ((Map<String, List<String>>) any.deserialize(p, ctxt))
                  .forEach((k, values) -> values.forEach(v -> map.addTargetRequestParam(k, v)));
          case "attributes" -> map.putAll((Map<String, Object>) any.deserialize(p, ctxt));
          default -> p.skipChildren();
        }
      }
      return map;
    }
  }
}
