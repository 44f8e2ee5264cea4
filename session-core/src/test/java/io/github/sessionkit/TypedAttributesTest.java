package io.github.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.codec.Beans.Address;
import io.github.sessionkit.codec.Beans.Customer;
import io.github.sessionkit.codec.Beans.Gadget;
import io.github.sessionkit.codec.Beans.Money;
import io.github.sessionkit.codec.Beans.ReadOnlyBean;
import io.github.sessionkit.codec.Beans.Status;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The JSON codec's typed attributes: what reads back as its own class, and what is refused at once.
 */
class TypedAttributesTest {

  private final SessionCodec codec =
      SessionCodec.jsonBuilder().allowPackages("io.github.sessionkit.codec").build();

  private Object roundTrip(Object value) {
    return codec.decode("a", codec.encode("a", value), Object.class);
  }

  @Test
  void recordsAndBeansOfAllowedPackagesReadBackAsTheirClass() {
    Address address = new Address("1 Main St", "Springfield");
    Customer customer = new Customer();
    customer.setName("Zoë");
    customer.setAddress(address);
    customer.setTags(new ArrayList<>(List.of("vip")));

    assertThat(roundTrip(address)).isEqualTo(address);
    assertThat(roundTrip(customer))
        .isInstanceOfSatisfying(
            Customer.class,
            c -> {
              assertThat(c.getName()).isEqualTo("Zoë");
              assertThat(c.getAddress()).isEqualTo(address);
              assertThat(c.getTags()).containsExactly("vip");
            });
    assertThat(roundTrip(Status.ACTIVE)).isSameAs(Status.ACTIVE);
    assertThat(roundTrip(new Money(new BigDecimal("12.50"), "EUR")))
        .isEqualTo(new Money(new BigDecimal("12.50"), "EUR"));
  }

  @Test
  void collectionsKeepTheirElementsClasses() {
    Address a = new Address("a", "x");
    List<Address> list = List.of(a, new Address("b", "y"));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("address", a);
    map.put("when", Instant.parse("2026-01-02T03:04:05Z"));
    map.put("count", 5L);

    assertThat(roundTrip(list)).isInstanceOf(ArrayList.class).isEqualTo(list);
    assertThat(roundTrip(map)).isEqualTo(map);
    assertThat(roundTrip(new LinkedHashSet<>(List.of(a))))
        .isInstanceOf(LinkedHashSet.class)
        .isEqualTo(Set.of(a));
    assertThat(roundTrip(new LinkedList<>(List.of(1, 2)))).isInstanceOf(LinkedList.class);
    assertThat(roundTrip(new CopyOnWriteArrayList<>(List.of(a))))
        .isInstanceOf(CopyOnWriteArrayList.class)
        .isEqualTo(List.of(a));
    assertThat(roundTrip(new TreeMap<>(Map.of("b", 2, "a", 1)))).isInstanceOf(TreeMap.class);
    assertThat(roundTrip(Collections.unmodifiableList(new ArrayList<>(List.of(a)))))
        .isEqualTo(List.of(a));
    assertThat(roundTrip(Arrays.asList(a, a))).isEqualTo(List.of(a, a));
  }

  @Test
  void jdkValueTypesKeepTheirClass() {
    UUID uuid = UUID.randomUUID();
    for (Object value :
        List.of(
            5L,
            (short) 3,
            1.5f,
            'c',
            new BigDecimal("1.10"),
            new BigInteger("123456789012345678901234567890"),
            uuid,
            LocalDate.of(2026, 1, 2),
            Instant.parse("2026-01-02T03:04:05.123Z"),
            new int[] {1, 2}.length,
            "s",
            true,
            2.5)) {
      assertThat(roundTrip(value))
          .as("%s", value.getClass())
          .isEqualTo(value)
          .isInstanceOf(value.getClass());
    }
    assertThat((String[]) roundTrip(new String[] {"a", "b"})).containsExactly("a", "b");
  }

  @Test
  void plainJsonValuesAreStoredAsBefore() {
    assertThat(codec.encode("a", List.of("book", "pen"))).isEqualTo("[\"book\",\"pen\"]");
    assertThat(codec.encode("a", Map.of("n", 1))).isEqualTo("{\"n\":1}");
    assertThat(codec.encode("a", "x")).isEqualTo("\"x\"");
    assertThat(codec.encode("a", 7)).isEqualTo("7");
    assertThat(codec.encode("a", new Address("s", "c")))
        .startsWith("{\"@typed\":{\"@class\":\"io.github.sessionkit.codec.Beans$Address\"");
  }

  @Test
  void valuesWrittenByTheUntypedCodecStillRead() {
    assertThat(codec.decode("a", "{\"street\":\"s\",\"city\":\"c\"}", Address.class))
        .isEqualTo(new Address("s", "c"));
    assertThat(codec.decode("a", "{\"street\":\"s\"}", Object.class))
        .isEqualTo(Map.of("street", "s"));
    assertThat(codec.decode("a", "[1,2]", new AttributeType<List<Long>>() {}.type()))
        .isEqualTo(List.of(1L, 2L));
  }

  @Test
  void aClassOutsideTheAllowListIsRefusedAtPutNamingAttributeAndType() {
    SessionCodec strict = SessionCodec.json();
    assertThatThrownBy(() -> strict.encode("address", new Address("s", "c")))
        .isInstanceOfSatisfying(
            AttributeTypeNotAllowedException.class,
            e -> {
              assertThat(e.attribute()).isEqualTo("address");
              assertThat(e.valueType()).isEqualTo(Address.class.getName());
            })
        .hasMessageContaining("'address'")
        .hasMessageContaining(Address.class.getName())
        .hasMessageContaining("SESSION_ATTRIBUTE_PACKAGES");
    assertThatThrownBy(() -> strict.encode("list", List.of(1L, new Address("s", "c"))))
        .isInstanceOfSatisfying(
            AttributeTypeNotAllowedException.class,
            e -> assertThat(e.valueType()).isEqualTo(Address.class.getName()))
        .hasMessageContaining("'list'");
    assertThatThrownBy(() -> codec.encode("thread", Thread.currentThread()))
        .isInstanceOf(AttributeTypeNotAllowedException.class)
        .hasMessageContaining("java.lang.Thread");
  }

  @Test
  void lambdasAndAnonymousClassesAreRefused() {
    Supplier<String> lambda = () -> "x";
    assertThatThrownBy(() -> codec.encode("fn", lambda))
        .isInstanceOf(AttributeTypeNotAllowedException.class)
        .hasMessageContaining("'fn'")
        .hasMessageContaining("lambda");
    Object anonymous = new Object() {};
    assertThatThrownBy(() -> codec.encode("anon", anonymous))
        .isInstanceOf(AttributeTypeNotAllowedException.class)
        .hasMessageContaining("anonymous");
    assertThatThrownBy(() -> codec.encode("inList", new ArrayList<Object>(List.of(1L, lambda))))
        .isInstanceOf(AttributeSerializationException.class)
        .hasMessageContaining("'inList'");
  }

  @Test
  void valuesThatWouldNotReadBackAreRefusedAtPut() {
    BigInteger huge = BigInteger.TEN.pow(2_000);
    assertThatThrownBy(() -> codec.encode("huge", huge))
        .isInstanceOf(AttributeSerializationException.class)
        .hasMessageContaining("'huge'")
        .hasMessageContaining("java.math.BigInteger")
        .hasMessageContaining("cannot be read back");
    assertThatThrownBy(() -> codec.encode("bean", new ReadOnlyBean("secret")))
        .isInstanceOf(AttributeSerializationException.class)
        .hasMessageContaining("'bean'")
        .hasMessageContaining("does not read back");
  }

  @Test
  void readingAsAnUnrelatedTypeIsADecodingError() {
    String stored = codec.encode("address", new Address("s", "c"));
    assertThatThrownBy(() -> codec.decode("address", stored, Money.class))
        .isInstanceOf(AttributeDecodingException.class)
        .hasMessageContaining("'address'")
        .hasMessageContaining(Address.class.getName())
        .hasMessageContaining(Money.class.getName());
  }

  @Test
  void numbersConvertBetweenNumberTypesAndPrimitivesWork() {
    SessionSettings settings =
        new SessionSettings(codec, 60_000, 3_600_000, 6_000, 10_000, 100_000);
    Session session = new SessionManagerShim(settings).newSession();
    session.put("int", 5);
    session.put("long", 7L);
    assertThat(session.get("int", int.class)).isEqualTo(5);
    assertThat(session.get("int", long.class)).isEqualTo(5L);
    assertThat(session.get("long", int.class)).isEqualTo(7);
    assertThat(session.get("long", Long.class)).isEqualTo(7L);
    session.put("big", Long.MAX_VALUE);
    assertThatThrownBy(() -> session.get("big", int.class))
        .isInstanceOf(AttributeDecodingException.class)
        .hasMessageContaining("'big'");
  }

  @Test
  void storedDataNamingAClassOutsideTheAllowListNeverLoadsIt() {
    String hostile =
        "{\"@typed\":{\"@class\":\"" + Gadget.class.getName().replace("codec", "other") + "\"}}";
    assertThatThrownBy(() -> SessionCodec.json().decode("g", hostile, Object.class))
        .isInstanceOf(AttributeDecodingException.class)
        .hasMessageContaining("'g'");
    String gadget = "{\"@typed\":{\"@class\":\"io.github.sessionkit.TypedAttributesTest$Trap\"}}";
    assertThatThrownBy(() -> codec.decode("g", gadget, Object.class))
        .isInstanceOf(AttributeDecodingException.class);
    assertThat(trapInitialized).as("a class outside the allow-list is not even loaded").isFalse();
    String processBuilder =
        "{\"@typed\":[\"java.lang.ProcessBuilder\",{\"command\":[\"touch\",\"/tmp/x\"]}]}";
    assertThatThrownBy(() -> codec.decode("g", processBuilder, Object.class))
        .isInstanceOf(AttributeDecodingException.class);
  }

  static volatile boolean trapInitialized;

  /** Records that it was initialized: it must never be. */
  static final class Trap {
    static {
      trapInitialized = true;
    }
  }

  @Test
  void badPackageNamesAreRefusedByTheBuilder() {
    assertThatThrownBy(() -> SessionCodec.jsonBuilder().allowPackages("com.example..x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("allowPackages")
        .hasMessageContaining("com.example..x");
    assertThatThrownBy(
            () ->
                SessionManager.builder()
                    .settings(
                        io.github.sessionkit.spi.Settings.of(
                            Map.of("SESSION_ATTRIBUTE_PACKAGES", "com.example, 1bad"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_ATTRIBUTE_PACKAGES");
  }

  /** Creates sessions with given settings, as the manager does. */
  private record SessionManagerShim(SessionSettings settings) {
    Session newSession() {
      String id = new io.github.sessionkit.internal.SessionIds().next();
      return new Session(
          settings, id, io.github.sessionkit.spi.SessionKey.forId("t", id), null, 1_000);
    }
  }
}
