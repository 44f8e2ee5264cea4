package io.github.sessionkit;

/**
 * A value given to {@link Session#put} (or {@code HttpSession.setAttribute}) is of a class the
 * codec's allow-list does not name, so it would not be read back as that class. Allow it with
 * {@code SESSION_ATTRIBUTE_PACKAGES} ({@link JsonCodecBuilder#allowPackages}), {@link
 * JsonCodecBuilder#allowTypes}, or a Jackson module that maps it. Nothing was stored.
 */
public class AttributeTypeNotAllowedException extends AttributeSerializationException {

  private static final long serialVersionUID = 1L;

  /**
   * @param attribute the attribute's name
   * @param valueType the class name that is not allowed (the value's own, or one inside it)
   * @param message what is refused and how to allow it
   */
  public AttributeTypeNotAllowedException(String attribute, String valueType, String message) {
    super(attribute, valueType, message, null);
  }
}
