package io.github.omnictx.channels.internal;

import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing scheme of Omni's own JSON webhooks (web and app chat, call centre, store/POS): the
 * sender puts the Unix time in seconds into {@value #TIMESTAMP_HEADER} and {@code v1=<hex
 * HMAC-SHA256(secret, timestamp + "." + raw body)>} (hex in either case) into {@value #SIGNATURE_HEADER}. Several
 * comma-separated {@code v1=} entries are allowed (any one matching suffices), so a sender can
 * sign with an old and a new secret while rotating. A timestamp further than the replay window
 * from the {@link Clock}, in either direction, is rejected.
 *
 * <p>Used for both directions: {@link #verify} for webhooks received, {@link #headers} to sign
 * requests Omni sends to the retailer's backend. Not API. Immutable and thread-safe.
 */
public final class SignedJson {
  /** The header carrying the Unix time in seconds at which the request was signed. */
  public static final String TIMESTAMP_HEADER = "X-Omni-Timestamp";
  /** The header carrying {@code v1=<hex signature>}. */
  public static final String SIGNATURE_HEADER = "X-Omni-Signature";
  /** The replay window used unless configured otherwise. */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(5);

  private final String secret;
  private final Duration replayWindow;
  private final Clock clock;

  /**
   * @param secret the shared secret, at least 16 characters
   * @param replayWindow how far the timestamp may be from now, positive
   * @param clock the clock the window is measured by
   * @throws IllegalArgumentException if the secret is short or the window not positive
   */
  public SignedJson(String secret, Duration replayWindow, Clock clock) {
    this.secret = requireSecret(secret, "secret");
    this.replayWindow = requireWindow(replayWindow);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Validates a shared secret for this scheme (for config builders).
   *
   * @param secret the secret
   * @param field the field name for the message
   * @return the secret
   * @throws IllegalArgumentException if it is null or shorter than 16 characters
   */
  public static String requireSecret(String secret, String field) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException(field + " must be at least 16 characters, was "
          + (secret == null ? "null" : secret.length() + " characters"));
    }
    return secret;
  }

  /**
   * Validates a replay window (for config builders).
   *
   * @param window the window
   * @return the window
   * @throws IllegalArgumentException if it is null, zero, negative or longer than a day
   */
  public static Duration requireWindow(Duration window) {
    if (window == null || window.isZero() || window.isNegative() || window.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("replayWindow must be between 1 ns and 1 day, was: " + window);
    }
    return window;
  }

  /**
   * The signature of a body at a timestamp.
   *
   * @param epochSeconds the Unix time in seconds sent in {@value #TIMESTAMP_HEADER}
   * @param body the raw body
   * @return {@code v1=} and the lower-case hex HMAC-SHA256
   */
  public String sign(long epochSeconds, byte[] body) {
    byte[] prefix = (epochSeconds + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return "v1=" + Hmac.sha256Hex(secret, signed);
  }

  /**
   * The two headers that sign a body now, by the clock.
   *
   * @param body the raw body about to be sent
   * @return header name to value, in order timestamp, signature
   */
  public Map<String, String> headers(byte[] body) {
    long now = clock.instant().getEpochSecond();
    Map<String, String> h = new LinkedHashMap<>();
    h.put(TIMESTAMP_HEADER, Long.toString(now));
    h.put(SIGNATURE_HEADER, sign(now, body));
    return h;
  }

  /**
   * Checks the signature over the raw body and that the timestamp is inside the replay window.
   *
   * @param request the request
   * @return the signing time
   * @throws SignatureException missing when either header is absent; wrong when the timestamp is
   *     malformed or outside the window, or no {@code v1=} entry matches
   */
  public Instant verify(WebhookRequest request) {
    Optional<String> ts = request.header(TIMESTAMP_HEADER).map(String::strip).filter(s -> !s.isEmpty());
    Optional<String> sig = request.header(SIGNATURE_HEADER).map(String::strip).filter(s -> !s.isEmpty());
    if (ts.isEmpty() || sig.isEmpty()) {
      throw new SignatureException((ts.isEmpty() ? "timestamp missing: no " + TIMESTAMP_HEADER
          : "signature missing: no " + SIGNATURE_HEADER) + " header", true);
    }
    long seconds;
    try {
      seconds = Long.parseLong(ts.get());
    } catch (NumberFormatException e) {
      throw new SignatureException("timestamp must be Unix seconds", false);
    }
    Instant signedAt = Instant.ofEpochSecond(Math.max(0, Math.min(seconds, 32_503_680_000L)));
    Duration skew = Duration.between(signedAt, clock.instant()).abs();
    if (seconds < 0 || skew.compareTo(replayWindow) > 0) {
      throw new SignatureException("timestamp outside the replay window of " + Refusals.duration(replayWindow), false);
    }
    String expected = sign(seconds, request.body());
    boolean match = false;
    for (String part : sig.get().split(",")) {
      // no early exit: every entry is compared, each in constant time; hex in either case, as Meta,
      // Viber and Mailgun accept it
      match |= Hmac.constantTimeEquals(expected, part.strip().toLowerCase(java.util.Locale.ROOT));
    }
    if (!match) {
      throw new SignatureException("signature does not match the body (signed with another secret?)", false);
    }
    return signedAt;
  }
}
