package io.github.sessionkit.internal.codec;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import java.util.Collection;

/**
 * Default typing for stored attributes: every value whose declared type is not final carries its
 * class in an {@code @class} property (or a wrapper array for non-objects), the layout Spring
 * Security's Jackson modules expect. Class names go through {@link StoredTypeIdResolver}.
 */
final class StoredTyping extends ObjectMapper.DefaultTypeResolverBuilder {

  private static final long serialVersionUID = 1L;

  static final String TYPE_PROPERTY = "@class";

  private StoredTyping(PolymorphicTypeValidator validator) {
    super(ObjectMapper.DefaultTyping.NON_FINAL, validator);
  }

  static StoredTyping create(PolymorphicTypeValidator validator) {
    StoredTyping typing = new StoredTyping(validator);
    typing.init(JsonTypeInfo.Id.CLASS, null);
    typing.inclusion(JsonTypeInfo.As.PROPERTY);
    typing.typeProperty(TYPE_PROPERTY);
    return typing;
  }

  @Override
  protected TypeIdResolver idResolver(
      MapperConfig<?> config,
      JavaType baseType,
      PolymorphicTypeValidator validator,
      Collection<NamedType> subtypes,
      boolean forSer,
      boolean forDeser) {
    return new StoredTypeIdResolver(baseType, config.getTypeFactory(), validator);
  }
}
