package io.github.omnictx.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.testing.CapturingServiceProvider;
import io.github.omnictx.core.testing.LogCapture;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs last in omni-core's suite ({@link ClassOrderer.OrderAnnotation}, set in {@code
 * junit-platform.properties}) and fails if any log line of the suite so far showed an e-mail
 * address, a phone number or a fixture's message text, even one whose {@code AssertionError} the
 * logging code swallowed.
 */
@Order(Integer.MAX_VALUE)
class LogPrivacyTest {

  @Test
  void noLogLineOfTheSuiteShowsPersonalData() {
    assertThat(LoggerFactory.getLogger(LogPrivacyTest.class).getClass().getName())
        .as("the capturing SLF4J provider is in use (-Dslf4j.provider)")
        .startsWith(CapturingServiceProvider.class.getName());
    System.out.println("[log privacy] lines checked: " + LogCapture.lines());
    assertThat(LogCapture.violations()).as("log lines with personal data").isEmpty();
  }

  @Test
  void theCheckSeesAddressesNumbersAndFixtureTexts() {
    LogCapture.register(java.util.List.of("Wo bleibt mein Paket?"));
    assertThat(LogCapture.scan("held by anna.schmidt@example.com")).containsExactly("anna.schmidt@example.com");
    assertThat(LogCapture.scan("sender +4915112345678 refused")).containsExactly("+4915112345678");
    assertThat(LogCapture.scan("call 0151 1234 5678 back")).containsExactly("0151 1234 5678");
    assertThat(LogCapture.scan("text: wo bleibt mein paket? (2)")).containsExactly("wo bleibt mein paket?");
    assertThat(LogCapture.scan("sender +49 151 ••• 78 (PHONE) a•••@e•••.com, customer 019cadc6-9a80-713b"))
        .isEmpty();
  }
}
