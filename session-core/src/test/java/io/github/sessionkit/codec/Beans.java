package io.github.sessionkit.codec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Application-like classes for the typed-attribute tests. */
public final class Beans {

  private Beans() {}

  /** A record. */
  public record Address(String street, String city) {}

  /** A record with a JDK value type. */
  public record Money(BigDecimal amount, String currency) {}

  /** An enum. */
  public enum Status {
    ACTIVE,
    CLOSED
  }

  /** A mutable bean with getters and setters and no equals. */
  public static class Customer {
    private String name;
    private Address address;
    private List<String> tags = new ArrayList<>();

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public Address getAddress() {
      return address;
    }

    public void setAddress(Address address) {
      this.address = address;
    }

    public List<String> getTags() {
      return tags;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
    }
  }

  /**
   * A bean whose property has a getter and no field, setter or creator to set it: it cannot read
   * back.
   */
  public static class ReadOnlyBean {
    private final String hidden;

    public ReadOnlyBean(String hidden) {
      this.hidden = hidden;
    }

    public ReadOnlyBean() {
      this("");
    }

    public String getSecret() {
      return hidden;
    }
  }

  /** Named by hostile data in another package. */
  public static final class Gadget {}
}
