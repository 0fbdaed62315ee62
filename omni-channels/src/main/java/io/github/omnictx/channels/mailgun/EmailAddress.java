package io.github.omnictx.channels.mailgun;

import java.util.Optional;

/**
 * One mailbox from a header such as {@code "Ana Test" <ana@example.com>}: the address and the
 * display name (quotes and backslash escapes removed; RFC 2047 encoded words are kept as sent).
 *
 * @param address the address, as written
 * @param name the display name, if any
 */
record EmailAddress(String address, Optional<String> name) {

  /**
   * @param header the header value
   * @return the mailbox (the address not yet validated)
   */
  static EmailAddress parse(String header) {
    String s = header.strip();
    int lt = s.lastIndexOf('<');
    int gt = s.lastIndexOf('>');
    if (lt < 0 || gt < lt) {
      return new EmailAddress(s, Optional.empty());
    }
    String name = s.substring(0, lt).strip();
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      name = name.substring(1, name.length() - 1).replaceAll("\\\\(.)", "$1");
    }
    return new EmailAddress(s.substring(lt + 1, gt).strip(), name.isBlank() ? Optional.empty() : Optional.of(name));
  }

  /**
   * @param id a Message-Id, with or without angle brackets
   * @return the id without surrounding whitespace and angle brackets (Mailgun's events omit them)
   */
  static String bare(String id) {
    String s = id.strip();
    if (s.startsWith("<") && s.endsWith(">") && s.length() > 2) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s;
  }
}
