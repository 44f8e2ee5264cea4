package io.github.sessionkit;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic attribute type, captured by subclassing, for reading attributes such as {@code
 * List<CartItem>}:
 *
 * <pre>{@code
 * List<CartItem> items = session.get("cart", new AttributeType<List<CartItem>>() {});
 * }</pre>
 *
 * @param <T> the type to decode to
 */
public abstract class AttributeType<T> {

  private final Type type;

  protected AttributeType() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new IllegalStateException(
          "AttributeType must be created with a type argument, as new AttributeType<List<X>>() {}");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  /** The captured type. */
  public final Type type() {
    return type;
  }

  @Override
  public String toString() {
    return type.getTypeName();
  }
}
