package io.github.omnictx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps every Java block of the README compiling: each must stand, line for line (indentation
 * aside), in {@link QuickStart}, {@link ReadmeExamples}, the in-memory store's contract test or the
 * example SMS gateway's adapter contract test, all of which compile and run in this build.
 */
class ReadmeSnippetTest {
  private static final List<Path> SOURCES = List.of(
      Path.of("src/main/java/io/github/omnictx/examples/QuickStart.java"),
      Path.of("src/main/java/io/github/omnictx/examples/ReadmeExamples.java"),
      Path.of("../omni-core/src/test/java/io/github/omnictx/core/memory/InMemoryStoreContractTest.java"),
      Path.of("src/test/java/io/github/omnictx/examples/sms/ExampleSmsGatewayContractTest.java"));

  @Test
  void readmeQuickStartIsTheCodeThatCompiles() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String source = Files.readString(SOURCES.get(0));
    String snippet = between(source, "// README-SNIPPET-START\n", "    // README-SNIPPET-END");
    String shown = between(readme, "```java\n", "```");
    assertThat(normalise(shown)).isEqualTo(normalise(snippet));
  }

  @Test
  void everyJavaBlockInTheReadmeStandsInCompiledCode() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    StringBuilder compiled = new StringBuilder();
    for (Path p : SOURCES) {
      compiled.append(normalise(Files.readString(p)));
    }
    List<String> blocks = new ArrayList<>();
    int at = 0;
    while ((at = readme.indexOf("```java\n", at)) >= 0) {
      int end = readme.indexOf("```", at + 8);
      blocks.add(readme.substring(at + 8, end));
      at = end + 3;
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
    for (String block : blocks) {
      assertThat(compiled.toString()).as("README block:%n%s", block).contains(normalise(block));
    }
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
