package io.github.omnictx.channels.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Strips the quoted history from the text of a reply: everything from the attribution line mail
 * clients put above the quote ({@code On … wrote:}, {@code Am … schrieb …:}, {@code … пишет:},
 * Outlook's {@code -----Original Message-----} or its {@code From:} block after a line of
 * underscores), and every line quoted with {@code >}, and the signature after {@code "-- "}.
 * What remains is what the customer wrote this time. Stateless.
 */
final class QuotedText {
  private static final List<Pattern> ATTRIBUTION = List.of(
      Pattern.compile("^On .{3,200}(wrote|writes):\\s*$"),
      Pattern.compile("^Am .{3,200}schrieb.{0,100}:\\s*$"),
      Pattern.compile("^Le .{3,200}a écrit\\s*:\\s*$"),
      Pattern.compile("^.{0,200}(пишет|написал|написала)\\s*:\\s*$"),
      Pattern.compile("^-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Исходное сообщение)\\s*-{2,}\\s*$",
          Pattern.CASE_INSENSITIVE),
      Pattern.compile("^_{10,}\\s*$"));

  private QuotedText() {}

  /**
   * @param text the full text of the mail
   * @return the new part of it, trimmed; the full text when stripping would leave nothing
   */
  static String strip(String text) {
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    List<String> kept = new ArrayList<>();
    for (String line : lines) {
      String plain = line.strip();
      if (line.equals("-- ") || line.equals("--")) {
        break;
      }
      if (ATTRIBUTION.stream().anyMatch(p -> p.matcher(plain).matches())) {
        break;
      }
      if (plain.startsWith(">")) {
        continue;
      }
      kept.add(line);
    }
    String stripped = String.join("\n", kept).strip();
    return stripped.isEmpty() ? text.strip() : stripped;
  }
}
