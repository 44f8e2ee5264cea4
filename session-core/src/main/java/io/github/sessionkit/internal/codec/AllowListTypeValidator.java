package io.github.sessionkit.internal.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Lets Jackson resolve a class name from stored data only if the {@link TypeAllowList} allows it. A
 * name outside the list is denied before any class is loaded; a name under a mapped prefix is
 * loaded and then allowed only if a registered module has a mix-in for it.
 */
final class AllowListTypeValidator extends PolymorphicTypeValidator.Base {

  private static final long serialVersionUID = 1L;

  private final transient TypeAllowList allowList;

  AllowListTypeValidator(TypeAllowList allowList) {
    this.allowList = allowList;
  }

  @Override
  public Validity validateBaseType(MapperConfig<?> config, JavaType baseType) {
    return Validity.INDETERMINATE;
  }

  @Override
  public Validity validateSubClassName(
      MapperConfig<?> config, JavaType baseType, String subClassName) {
    if (allowList.allows(subClassName)) {
      return Validity.ALLOWED;
    }
    return allowList.allowsIfMapped(subClassName) ? Validity.INDETERMINATE : Validity.DENIED;
  }

  @Override
  public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
    Class<?> raw = subType.getRawClass();
    if (allowList.allows(raw.getName())) {
      return Validity.ALLOWED;
    }
    return allowList.allowsIfMapped(raw.getName()) && config.findMixInClassFor(raw) != null
        ? Validity.ALLOWED
        : Validity.DENIED;
  }
}
