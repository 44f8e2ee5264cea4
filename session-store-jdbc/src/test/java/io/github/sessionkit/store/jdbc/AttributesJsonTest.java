package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.AttributeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttributesJsonTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1",
        "-12.50",
        "0",
        "0.0",
        "true",
        "false",
        "null",
        "\"plain\"",
        "\"Zoë \uD83D\uDE00\"",
        "\"tab\\tquote\\\"back\\\\slash\\n\"",
        "[]",
        "{}",
        "[1,\"a\",[true,null],{}]",
        "{\"a\":1,\"b\":2}",
        "{\"name\":\"Zoë\",\"roles\":[\"admin\",\"ops\"]}",
        "{\"b\":1,\"aa\":2}"
      })
  void valuesJsonbKeepsExactlyGoToTheNativeColumn(String value) {
    assertThat(AttributesJson.isKeptExactlyByJsonb(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " 1",
        "1 ",
        "[1, 2]",
        "{\"a\": 1}",
        "1e3",
        "1.5E-7",
        "-0",
        "-0.00",
        "\"\\u00e9\"",
        "\"\\u0000\"",
        "\"a\\/b\"",
        "{\"b\":1,\"a\":2}",
        "{\"aa\":1,\"b\":2}",
        "{\"a\":1,\"a\":2}",
        "{\"k\\n\":1}",
        "not json",
        "{not json",
        "\"unterminated",
        "1,\"x\":2",
        "[1,]",
        "{\"a\":}",
        "tru",
        "01",
        "1.",
        "",
        "}"
      })
  void everythingElseGoesToTheVerbatimColumn(String value) {
    assertThat(AttributesJson.isKeptExactlyByJsonb(value)).isFalse();
  }

  @Test
  void splitPutsEachNameInExactlyOneColumnAndEscapesVerbatimTexts() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("n", "42");
    attributes.put("quote\"d", "\"v\"");
    attributes.put("raw", "{not json\",\"evil\":1}");
    attributes.put("spaced", "[1, 2]");

    AttributesJson.Split split = AttributesJson.split(attributes);

    assertThat(split.nativeJson()).isEqualTo("{\"n\":42,\"quote\\\"d\":\"v\"}");
    assertThat(split.nativeNames()).containsExactly("n", "quote\"d");
    assertThat(split.verbatimJson())
        .isEqualTo("{\"raw\":\"{not json\\\",\\\"evil\\\":1}\",\"spaced\":\"[1, 2]\"}");
    assertThat(split.verbatimNames()).containsExactly("raw", "spaced");
    assertThat(AttributesJson.decode(split.nativeJson(), split.verbatimJson()))
        .isEqualTo(attributes);
  }

  @Test
  void decodeReadsPostgresOutputBackToTheExactTexts() {
    // What jsonb prints for the two columns: spaces after ':' and ','.
    String nativeColumn = "{\"n\": 42, \"arr\": [1, \"a\", {\"k\": null}], \"s\": \"Zoë\\\"\\\\\"}";
    String verbatimColumn = "{\"x\": \"{\\\"b\\\": 1, \\\"a\\\": \\\"\\\\u0000\\\"}\"}";

    Map<String, String> decoded = AttributesJson.decode(nativeColumn, verbatimColumn);

    assertThat(decoded)
        .containsExactly(
            Map.entry("n", "42"),
            Map.entry("arr", "[1,\"a\",{\"k\":null}]"),
            Map.entry("s", "\"Zoë\\\"\\\\\""),
            Map.entry("x", "{\"b\": 1, \"a\": \"\\u0000\"}"));
  }

  @Test
  void emptyAttributesAreEmptyObjects() {
    AttributesJson.Split split = AttributesJson.split(Map.of());
    assertThat(split.nativeJson()).isEqualTo("{}");
    assertThat(split.verbatimJson()).isEqualTo("{}");
    assertThat(AttributesJson.decode("{}", " { } ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"[1,2]", "\"garbage\"", "42", "null", "{\"a\":1", "{\"a\":1}x", "{a:1}", ""})
  void aColumnThatIsNotAnObjectIsRejected(String column) {
    assertThatThrownBy(() -> AttributesJson.decode(column, "{}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AttributesJson.decode("{}", column))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aVerbatimValueThatIsNotAStringIsRejected() {
    assertThatThrownBy(() -> AttributesJson.decode("{}", "{\"a\": 1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
  }

  @Test
  void theNulCharacterIsRefusedWithTheAttributeName() {
    assertThatThrownBy(() -> AttributesJson.split(Map.of("cart", "\"a\u0000b\"")))
        .isInstanceOf(AttributeException.class)
        .hasMessageContaining("'cart'")
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> AttributesJson.split(Map.of("ca\u0000rt", "1")))
        .isInstanceOf(AttributeException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> AttributesJson.names(List.of("x\u0000"), List.of()))
        .isInstanceOf(AttributeException.class);
  }

  @Test
  void deeplyNestedValuesDoNotOverflowTheStack() {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);
    assertThat(AttributesJson.isKeptExactlyByJsonb(deep)).isTrue();
    assertThat(AttributesJson.isKeptExactlyByJsonb("[".repeat(200_000))).isFalse();
  }

  @Test
  void keyOrderIsJsonbsOrder() {
    assertThat(AttributesJson.compareAsJsonb("b", "aa")).isNegative();
    assertThat(AttributesJson.compareAsJsonb("a", "b")).isNegative();
    assertThat(AttributesJson.compareAsJsonb("z", "é")).as("é is two bytes long").isNegative();
    assertThat(AttributesJson.compareAsJsonb("é", "ab"))
        .as("same byte length: unsigned bytes")
        .isPositive();
  }
}
