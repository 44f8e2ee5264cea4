package io.github.sessionkit.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a method's result follows from its arguments, in JetBrains' {@code @Contract} syntax ({@code
 * "null -> false"}), for NullAway (configured with {@code
 * -XepOpt:NullAway:CustomContractAnnotations}): after {@code if (isValid(id))} the id is known not
 * to be null. Documentation only at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Contract {

  /** The contract, for example {@code "null -> false"}. */
  String value();
}
