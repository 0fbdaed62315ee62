package io.github.omnictx.core.channel;

import io.github.omnictx.core.internal.Checks;

/**
 * How many SMS segments a text takes, the way carriers count them (3GPP TS 23.038 and 23.040).
 *
 * <p>A text written entirely in the GSM 7-bit default alphabet travels as GSM-7: one SMS carries 160
 * septets, and a concatenated message 153 per segment (the rest of each segment is the header that
 * joins them). The characters of the alphabet's extension table ({@code ^ { } \ [ ] ~ | €} and form
 * feed) take two septets each. Any other character makes the whole text UCS-2: 70 UTF-16 units in
 * one SMS, 67 per segment when concatenated (an emoji outside the Basic Multilingual Plane takes two
 * units). Stateless and thread-safe.
 */
public final class SmsSegments {
  private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENSION = "\f^{}\\[~]|€";

  private SmsSegments() {}

  /** The encoding a text travels in. */
  public enum Encoding {
    /** The GSM 7-bit default alphabet (with its extension table). */
    GSM_7,
    /** UCS-2 (UTF-16 units), for any text with a character outside the GSM alphabet. */
    UCS_2
  }

  /**
   * @param text the text
   * @return the encoding it needs
   * @throws IllegalArgumentException if the text is null
   */
  public static Encoding encoding(String text) {
    Checks.notNull(text, "text");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) {
        return Encoding.UCS_2;
      }
    }
    return Encoding.GSM_7;
  }

  /**
   * @param text the text
   * @return how many segments it takes: 1 for a text that fits one SMS (an empty one too)
   * @throws IllegalArgumentException if the text is null
   */
  public static int count(String text) {
    if (encoding(text) == Encoding.UCS_2) {
      return segments(text.length(), 70, 67);
    }
    int septets = 0;
    for (int i = 0; i < text.length(); i++) {
      septets += EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
    }
    return segments(septets, 160, 153);
  }

  private static int segments(int units, int single, int perPart) {
    return units <= single ? 1 : (units + perPart - 1) / perPart;
  }
}
