package io.github.sessionkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QuickStartTest {

  @Test
  void theWalkthroughRunsOnTheDefaultStore() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    QuickStart.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertThat(output)
        .contains("created   Session{handle=", "in store memory")
        .contains("found     cart=[book, pen]")
        .contains("saved     version 2")
        .contains("rotated   old id found: false, new id found: true")
        .contains("logged out, found: false");
  }

  /** The README's quick start is this class's code, so it always compiles and runs. */
  @Test
  void theReadmeSnippetIsTheQuickStartCode() throws IOException {
    String source =
        Files.readString(Path.of("src/main/java/io/github/sessionkit/examples/QuickStart.java"));
    Matcher tagged =
        Pattern.compile(
                "// tag::quickstart\\[]\\n(.*?)\\n\\s*// end::quickstart\\[]", Pattern.DOTALL)
            .matcher(source);
    assertThat(tagged.find()).isTrue();

    String readme = Files.readString(Path.of("../README.md"));
    Matcher snippet =
        Pattern.compile("<!-- quickstart -->\\s*```java\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(snippet.find()).as("README has a java block after <!-- quickstart -->").isTrue();

    assertThat(normalize(snippet.group(1))).isEqualTo(normalize(tagged.group(1)));
  }

  private static List<String> normalize(String code) {
    return code.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .collect(Collectors.toList());
  }
}
