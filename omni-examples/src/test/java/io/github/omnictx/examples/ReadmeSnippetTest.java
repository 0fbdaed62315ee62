package io.github.omnictx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's quick start identical to {@link QuickStart}, which compiles and runs. */
class ReadmeSnippetTest {

  @Test
  void readmeQuickStartIsTheCodeThatCompiles() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String source = Files.readString(Path.of("src/main/java/io/github/omnictx/examples/QuickStart.java"));
    String snippet = between(source, "// README-SNIPPET-START\n", "    // README-SNIPPET-END");
    String shown = between(readme, "```java\n", "```");
    assertThat(normalise(shown)).isEqualTo(normalise(snippet));
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("marker %s", start).isNotNegative();
    int to = text.indexOf(end, from + start.length());
    assertThat(to).as("marker %s", end).isNotNegative();
    return text.substring(from + start.length(), to);
  }

  private static String normalise(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
  }
}
