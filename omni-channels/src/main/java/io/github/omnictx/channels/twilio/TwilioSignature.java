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
   * The URL spellings Twilio may have signed: as received, and with the scheme's default port added
   * or removed (a proxy in front of the application often changes which one the server sees; the
   * Twilio SDKs accept both for the same reason).
   *
   * @param url the URL the application received
   * @return the URL first, then its other spelling if there is one
   */
  static List<String> spellings(String url) {
    List<String> out = new ArrayList<>(2);
    out.add(url);
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return out;
    }
    String scheme = url.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
    String port = scheme.equals("https") ? "443" : scheme.equals("http") ? "80" : null;
    if (port == null) {
      return out;
    }
    int hostStart = schemeEnd + 3;
    int hostEnd = hostStart;
    while (hostEnd < url.length() && "/?#".indexOf(url.charAt(hostEnd)) < 0) {
      hostEnd++;
    }
    String authority = url.substring(hostStart, hostEnd);
    if (authority.contains("@") || authority.contains("[")) {
      return out; // user info or IPv6 literal: not worth guessing
    }
    String rest = url.substring(hostEnd);
    int colon = authority.lastIndexOf(':');
    if (colon < 0) {
      out.add(url.substring(0, hostStart) + authority + ":" + port + rest);
    } else if (authority.substring(colon + 1).equals(port)) {
      out.add(url.substring(0, hostStart) + authority.substring(0, colon) + rest);
    }
    return out;
  }
}
