package io.github.omnictx.channels.twilio;

import io.github.omnictx.channels.internal.Hmac;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Twilio's request signature: base64 HMAC-SHA1, keyed with the auth token, over the full URL Twilio
 * requested (query string included, as is) followed by every POST parameter as name then value,
 * URL-decoded, sorted by name in ordinal order (repeated names: values sorted too), with no
 * separators. Thread-safe (stateless).
 */
final class TwilioSignature {
  private TwilioSignature() {}

  /**
   * @param authToken the auth token
   * @param url the full URL as Twilio requested it
   * @param params the decoded POST parameters (empty for GET and JSON webhooks)
   * @return the expected {@code X-Twilio-Signature}
   */
  static String compute(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder sb = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, values) -> {
      List<String> sorted = new ArrayList<>(values);
      sorted.sort(null);
      for (String v : sorted) {
        sb.append(name).append(v);
      }
    });
    return Hmac.sha1Base64(authToken, sb.toString());
  }

  /**
   * The URL spellings Twilio may have signed, exactly those Twilio's official helper libraries
   * accept between them, no more:
   *
   * <ul>
   *   <li>the port: as received, with any port removed (twilio-node, -python and -java remove
   *       whatever port the URL has, so an application on {@code :8443} behind a proxy verifies a
   *       signature over the URL without it), and with the scheme's default port added when the URL
   *       has none;
   *   <li>the quote: an apostrophe in the URL as received and percent-encoded ({@code '} and {@code
   *       %27}): twilio-node normalises the URL with the WHATWG parser, which encodes {@code '} in
   *       the query, while other libraries sign and compare it as sent, so a URL received with either
   *       spelling is also tried with the other.
   * </ul>
   *
   * @param url the URL the application received
   * @return the URL first, then its other spellings, without repeats
   */
  static List<String> spellings(String url) {
    java.util.LinkedHashSet<String> quotes = new java.util.LinkedHashSet<>();
    quotes.add(url);
    if (url.indexOf('\'') >= 0) {
      quotes.add(url.replace("'", "%27"));
    }
    if (url.contains("%27")) {
      quotes.add(url.replace("%27", "'"));
    }
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (String q : quotes) {
      out.add(q);
      ports(q, out);
    }
    return new ArrayList<>(out);
  }

  /** Adds the URL without its port (any port), or with the default port when it has none. */
  private static void ports(String url, java.util.Set<String> out) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return;
    }
    String scheme = url.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
    String port = scheme.equals("https") ? "443" : scheme.equals("http") ? "80" : null;
    if (port == null) {
      return;
    }
    int hostStart = schemeEnd + 3;
    int hostEnd = hostStart;
    while (hostEnd < url.length() && "/?#".indexOf(url.charAt(hostEnd)) < 0) {
      hostEnd++;
    }
    String authority = url.substring(hostStart, hostEnd);
    if (authority.contains("@") || authority.contains("[")) {
      return; // user info or IPv6 literal: not worth guessing
    }
    String rest = url.substring(hostEnd);
    int colon = authority.lastIndexOf(':');
    if (colon < 0) {
      out.add(url.substring(0, hostStart) + authority + ":" + port + rest);
    } else if (authority.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      out.add(url.substring(0, hostStart) + authority.substring(0, colon) + rest);
    }
  }
}
