package io.github.omnictx.channels.apns;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The APNs provider token: a JWT ({@code alg} ES256, {@code kid} the key id; claims {@code iss}
 * the team id and {@code iat}), signed with the JDK's {@code SHA256withECDSAinP1363Format}, which
 * yields the raw {@code r || s} signature JWS wants. Apple refuses a token older than an hour and
 * one refreshed more often than every twenty minutes, so one token is reused for {@link #LIFETIME}.
 * Thread-safe: concurrent senders share the current token; at worst two sign a new one at once.
 */
final class ProviderToken {
  /** How long a token is reused before a new one is signed. */
  static final Duration LIFETIME = Duration.ofMinutes(50);

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private record Issued(String jwt, Instant at) {}

  private final PrivateKey key;
  private final String keyId;
  private final String teamId;
  private final Clock clock;
  private final AtomicReference<@Nullable Issued> current = new AtomicReference<>();

  ProviderToken(PrivateKey key, String keyId, String teamId, Clock clock) {
    this.key = key;
    this.keyId = keyId;
    this.teamId = teamId;
    this.clock = clock;
  }

  /** @return the current token, signing a new one when none is fresh */
  String jwt() {
    Instant now = clock.instant();
    Issued issued = current.get();
    if (issued == null || !now.isBefore(issued.at().plus(LIFETIME)) || now.isBefore(issued.at())) {
      issued = new Issued(sign(now), now);
      current.set(issued);
    }
    return issued.jwt();
  }

  /** Forgets the current token (APNs called it expired), so the next send signs a fresh one. */
  void invalidate(String jwt) {
    Issued issued = current.get();
    if (issued != null && issued.jwt().equals(jwt)) {
      current.compareAndSet(issued, null);
    }
  }

  private String sign(Instant now) {
    String header = "{\"alg\":\"ES256\",\"kid\":\"" + keyId + "\"}";
    String claims = "{\"iss\":\"" + teamId + "\",\"iat\":" + now.getEpochSecond() + "}";
    String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + B64.encodeToString(signature(key, signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * Signs with ES256.
   *
   * @throws IllegalArgumentException if the key cannot sign (not an EC key)
   */
  static byte[] signature(PrivateKey key, byte[] input) {
    try {
      Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
      es256.initSign(key);
      es256.update(input);
      return es256.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the APNs key cannot sign ES256: " + e.getMessage(), e);
    }
  }
}
