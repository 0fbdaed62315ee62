package io.github.omnictx.core.webhook;

import io.github.omnictx.core.internal.Checks;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} text (query strings, Twilio and Mailgun bodies)
 * into ordered name to values. Thread-safe (stateless).
 */
public final class FormData {
  private FormData() {}

  /**
   * Parses form-encoded text.
   *
   * @param encoded e.g. {@code "From=%2B15551234567&Body=Hi"}
   * @return decoded names to their values, in order of first appearance
   * @throws IllegalArgumentException if a percent escape is malformed
   */
  public static Map<String, List<String>> parse(String encoded) {
    Checks.notNull(encoded, "form");
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("form data has a malformed escape, was: " + Checks.quote(s), e);
    }
  }
}
