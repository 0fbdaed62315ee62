package io.github.omnictx.channels.apns;

import io.github.omnictx.channels.internal.Parsing;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * How one app is reached through APNs: the signing key Apple issued (the {@code .p8} file, a
 * PKCS#8 EC P-256 key in PEM), its key id and the team id, the app's bundle id as {@code
 * apns-topic}, and the HTTP plumbing. The key is parsed, and checked to sign ES256, when the
 * builder is created: a key that does not parse is refused then, naming the setting, never at the
 * first send. Immutable and thread-safe; {@link #toString()} never shows the key.
 */
public final class ApnsConfig {
  /** The production APNs endpoint. */
  public static final String PRODUCTION = "https://api.push.apple.com/";
  /** The development (sandbox) APNs endpoint, for apps built with a development profile. */
  public static final String SANDBOX = "https://api.sandbox.push.apple.com/";

  private static final Pattern APPLE_ID = Pattern.compile("[A-Z0-9]{10}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,199}");

  private final String id;
  private final PrivateKey key;
  private final String keyId;
  private final String teamId;
  private final String topic;
  private final String apiBaseUrl;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private ApnsConfig(Builder b) {
    this.id = b.id;
    this.key = b.key;
    this.keyId = b.keyId;
    this.teamId = b.teamId;
    this.topic = b.topic;
    this.apiBaseUrl = b.apiBaseUrl;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param privateKeyPem the contents of Apple's {@code AuthKey_<key id>.p8}: {@code -----BEGIN
   *     PRIVATE KEY-----}, base64 of a PKCS#8 EC P-256 key, {@code -----END PRIVATE KEY-----}
   * @param keyId the key's 10-character id ({@code kid})
   * @param teamId the 10-character Apple developer team id ({@code iss})
   * @param topic the app's bundle id, sent as {@code apns-topic}
   * @return a builder for production, with a shared default OkHttp client (HTTP/2 over TLS) and the
   *     UTC clock
   * @throws IllegalArgumentException naming {@code privateKey} if the key does not parse or cannot
   *     sign ES256, or naming the id or topic that is malformed
   */
  public static Builder builder(String privateKeyPem, String keyId, String teamId, String topic) {
    return new Builder(parseKey(privateKeyPem), keyId, teamId, topic);
  }

  static PrivateKey parseKey(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException("privateKey must be the .p8 key in PEM, was: "
          + (pem == null ? "null" : "blank"));
    }
    String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    PrivateKey key;
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalArgumentException("privateKey must be a PKCS#8 EC key in PEM (Apple's .p8 file): "
          + e.getMessage(), e);
    }
    if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException("privateKey must be an EC P-256 key (ES256), was: " + key.getAlgorithm());
    }
    ProviderToken.signature(key, new byte[] {0});
    return key;
  }

  /** @return a builder holding this configuration */
  public Builder toBuilder() {
    return new Builder(key, keyId, teamId, topic).id(id).apiBaseUrl(apiBaseUrl).httpClient(httpClient).clock(clock);
  }

  /** @return the adapter id (default {@code apns}) */
  public String id() {
    return id;
  }

  PrivateKey key() {
    return key;
  }

  /** @return the signing key's id */
  public String keyId() {
    return keyId;
  }

  /** @return the team id */
  public String teamId() {
    return teamId;
  }

  /** @return the app's bundle id ({@code apns-topic}) */
  public String topic() {
    return topic;
  }

  /** @return the APNs base URL, ending in {@code /} */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /** @return the OkHttp client sends go through (it must speak HTTP/2) */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** @return the clock provider tokens are dated by */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "ApnsConfig[id=" + id + ", keyId=" + keyId + ", teamId=" + teamId + ", topic=" + topic + ", apiBaseUrl="
        + apiBaseUrl + "]";
  }

  /** Builds an {@link ApnsConfig}. Not thread-safe. */
  public static final class Builder {
    private String id = "apns";
    private final PrivateKey key;
    private final String keyId;
    private final String teamId;
    private final String topic;
    private String apiBaseUrl = PRODUCTION;
    private OkHttpClient httpClient = Parsing.defaultClient();
    private Clock clock = Clock.systemUTC();

    private Builder(PrivateKey key, String keyId, String teamId, String topic) {
      this.key = key;
      this.keyId = appleId(keyId, "keyId");
      this.teamId = appleId(teamId, "teamId");
      if (topic == null || !TOPIC.matcher(topic).matches()) {
        throw new IllegalArgumentException("topic must be the app's bundle id, e.g. com.example.shop, was: " + topic);
      }
      this.topic = topic;
    }

    private static String appleId(String value, String field) {
      if (value == null || !APPLE_ID.matcher(value).matches()) {
        throw new IllegalArgumentException(field + " must be 10 characters of A-Z0-9, was: " + value);
      }
      return value;
    }

    /**
     * @param id the adapter id, 1-32 characters of {@code a-z0-9-} starting with a letter
     * @return this builder
     */
    public Builder id(String id) {
      if (id == null || !id.matches("[a-z][a-z0-9-]{0,31}")) {
        throw new IllegalArgumentException("id must be 1-32 characters of a-z0-9- starting with a letter, was: " + id);
      }
      this.id = id;
      return this;
    }

    /**
     * @param url the APNs base URL: {@link ApnsConfig#PRODUCTION}, {@link ApnsConfig#SANDBOX}, or a
     *     mock in tests
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Parsing.baseUrl(url, "apiBaseUrl");
      return this;
    }

    /**
     * @param client the application's OkHttp client; it must offer HTTP/2 (OkHttp's default does,
     *     over TLS)
     * @return this builder
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "httpClient");
      return this;
    }

    /**
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** @return the configuration */
    public ApnsConfig build() {
      return new ApnsConfig(this);
    }
  }
}
