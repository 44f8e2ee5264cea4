package io.github.sessionkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code <id>.<version>} value the filter hands clients: parsing never throws, never overflows.
 */
class VersionedIdTest {

  private static final String ID = "0UN1BmdGXdpe8jrAXGm7broBIrMDzi2hkKB9-p_nU68";

  @Test
  void aBareIdHasNoVersion() {
    assertThat(VersionedId.parse(ID)).isEqualTo(new VersionedId(ID, 0));
    assertThat(VersionedId.parse(null)).isNull();
  }

  @Test
  void aVersionAfterTheLastDotIsSplitOff() {
    assertThat(VersionedId.parse(ID + ".17")).isEqualTo(new VersionedId(ID, 17));
    assertThat(VersionedId.format(ID, 17)).isEqualTo(ID + ".17");
    assertThat(VersionedId.format(ID, 1)).as("the first version needs no mark").isEqualTo(ID);
  }

  @ParameterizedTest
  @CsvSource({
    "'.'",
    "'.x1'",
    "'.-3'",
    "'.1e3'",
    "'.1234567890123456789'",
    "'.99999999999999999999999'"
  })
  void aSuffixThatIsNotAShortNumberStaysInTheIdAndFailsItsValidation(String suffix) {
    VersionedId parsed = VersionedId.parse(ID + suffix);
    assertThat(parsed.id()).isEqualTo(ID + suffix);
    assertThat(parsed.minVersion()).isZero();
  }
}
