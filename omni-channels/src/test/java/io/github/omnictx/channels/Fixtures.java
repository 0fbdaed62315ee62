package io.github.omnictx.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads recorded provider payloads from the test class path: {@code src/test/resources/<provider>/}
 * of the module running the tests (an adapter's own fixtures), and the fixtures this test-jar ships.
 */
public final class Fixtures {
  private Fixtures() {}

  /**
   * @param path e.g. {@code "whatsapp/message-text.json"}
   * @return the exact bytes of the file
   */
  public static byte[] bytes(String path) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param path e.g. {@code "twilio/inbound-sms.form"}
   * @return the file as UTF-8 text
   */
  public static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }
}
