package io.github.omnictx.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The build's test logging: what tests provoke on purpose (refused webhooks, lost races, a
 * driver's warnings on duplicates the store resolves) goes to {@code target/test.log} through the
 * test-scope SLF4J binding, so a green {@code mvn -B verify} prints no WARN lines.
 */
class TestLoggingTest {
  @Test
  void warningsOfExpectedFailuresGoToTheTestLogNotTheConsole() throws IOException {
    String file = System.getProperty("org.slf4j.simpleLogger.logFile");
    assertThat(file).as("the test log file, set by the build").isNotNull().endsWith("test.log");
    String marker = "expected failure " + UUID.randomUUID();
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      LoggerFactory.getLogger(TestLoggingTest.class).warn(marker);
    } finally {
      System.setErr(err);
    }
    assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(marker);
    assertThat(Files.readString(Path.of(file), StandardCharsets.UTF_8)).contains("WARN", marker);
  }
}
