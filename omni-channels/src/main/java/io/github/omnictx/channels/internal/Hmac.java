package io.github.omnictx.channels.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC signatures and constant-time comparison for webhook verification. Not API. Thread-safe. */
public final class Hmac {
  private Hmac() {}

  /**
   * @param key the secret
   * @param message the signed bytes
   * @return the HMAC-SHA256 of the message
   */
  public static byte[] sha256(String key, byte[] message) {
    return mac("HmacSHA256", key, message);
  }

  /**
   * @param key the secret
   * @param message the signed bytes
   * @return the HMAC-SHA1 of the message
   */
  public static byte[] sha1(String key, byte[] message) {
    return mac("HmacSHA1", key, message);
  }

  /**
   * @param key the secret
   * @param message the signed bytes
   * @return the lower-case hex HMAC-SHA256
   */
  public static String sha256Hex(String key, byte[] message) {
    return HexFormat.of().formatHex(sha256(key, message));
  }

  /**
   * @param key the secret
   * @param message the signed text, UTF-8
   * @return the lower-case hex HMAC-SHA256
   */
  public static String sha256Hex(String key, String message) {
    return sha256Hex(key, message.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param key the secret
   * @param message the signed text, UTF-8
   * @return the base64 HMAC-SHA1
   */
  public static String sha1Base64(String key, String message) {
    return Base64.getEncoder().encodeToString(sha1(key, message.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Compares two signatures in time independent of where they differ.
   *
   * @param expected the signature computed here
   * @param given the signature the request carried
   * @return whether they are equal
   */
  public static boolean constantTimeEquals(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] mac(String algorithm, String key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available in this JVM", e);
    }
  }
}
