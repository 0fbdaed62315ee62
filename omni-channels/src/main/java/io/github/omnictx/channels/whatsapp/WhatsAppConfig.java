package io.github.omnictx.channels.whatsapp;

import io.github.omnictx.channels.internal.MetaWebhooks;
import io.github.omnictx.channels.internal.Parsing;
import java.time.Clock;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How one WhatsApp Cloud API phone number is reached: the Meta app secret (webhook signatures), the
 * verify token (subscription handshake), the access token and phone number id (sends), and the HTTP
 * plumbing. Immutable and thread-safe; build with {@link #builder()}, change with {@link #toBuilder()}.
 * {@link #toString()} never shows the secrets.
 *
 * <p>Recommended resilience: {@link WhatsAppAdapter#resilient} (80 messages per second, the Cloud API's
 * default throughput per business phone number).
 */
public final class WhatsAppConfig {
  /** The real Graph API base URL. */
  public static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com/";
  /** The Graph API version used unless another is configured. */
  public static final String DEFAULT_API_VERSION = "v21.0";

  private final String id;
  private final String appSecret;
  private final String verifyToken;
  private final String accessToken;
  private final String phoneNumberId;
  private final String apiBaseUrl;
  private final String apiVersion;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private WhatsAppConfig(Builder b) {
    this.id = b.id;
    this.appSecret = Objects.requireNonNull(b.appSecret);
    this.verifyToken = Objects.requireNonNull(b.verifyToken);
    this.accessToken = Objects.requireNonNull(b.accessToken);
    this.phoneNumberId = Objects.requireNonNull(b.phoneNumberId);
    this.apiBaseUrl = b.apiBaseUrl;
    this.apiVersion = b.apiVersion;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /** @return a builder; app secret, verify token, access token and phone number id are required */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding this configuration */
  public Builder toBuilder() {
    return new Builder().id(id).appSecret(appSecret).verifyToken(verifyToken).accessToken(accessToken)
        .phoneNumberId(phoneNumberId).apiBaseUrl(apiBaseUrl).apiVersion(apiVersion).httpClient(httpClient).clock(clock);
  }

  /** @return the adapter id (default {@code whatsapp}) */
  public String id() {
    return id;
  }

  /** @return the Meta app secret webhook bodies are signed with */
  public String appSecret() {
    return appSecret;
  }

  /** @return the token the subscription handshake must present */
  public String verifyToken() {
    return verifyToken;
  }

  /** @return the (system user) access token sends authenticate with */
  public String accessToken() {
    return accessToken;
  }

  /** @return the business phone number id messages are sent from */
  public String phoneNumberId() {
    return phoneNumberId;
  }

  /** @return the Graph API base URL, ending in {@code /} */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /** @return the Graph API version, e.g. {@code v21.0} */
  public String apiVersion() {
    return apiVersion;
  }

  /** @return the OkHttp client sends go through */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** @return the clock Retry-After dates are measured against */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "WhatsAppConfig[id=" + id + ", phoneNumberId=" + phoneNumberId + ", apiBaseUrl=" + apiBaseUrl
        + ", apiVersion=" + apiVersion + "]";
  }

  /** Builds a {@link WhatsAppConfig}. Not thread-safe. */
  public static final class Builder {
    private String id = "whatsapp";
    private @Nullable String appSecret;
    private @Nullable String verifyToken;
    private @Nullable String accessToken;
    private @Nullable String phoneNumberId;
    private String apiBaseUrl = DEFAULT_API_BASE_URL;
    private String apiVersion = DEFAULT_API_VERSION;
    private OkHttpClient httpClient = Parsing.defaultClient();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

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
     * @param secret the Meta app secret
     * @return this builder
     */
    public Builder appSecret(String secret) {
      this.appSecret = Parsing.configured(secret, "appSecret");
      return this;
    }

    /**
     * @param token the verify token entered in the app dashboard's webhook settings
     * @return this builder
     */
    public Builder verifyToken(String token) {
      this.verifyToken = Parsing.configured(token, "verifyToken");
      return this;
    }

    /**
     * @param token the access token with {@code whatsapp_business_messaging}
     * @return this builder
     */
    public Builder accessToken(String token) {
      this.accessToken = Parsing.configured(token, "accessToken");
      return this;
    }

    /**
     * @param id the business phone number id (not the phone number)
     * @return this builder
     */
    public Builder phoneNumberId(String id) {
      if (id == null || !id.matches("[0-9]{1,32}")) {
        throw new IllegalArgumentException("phoneNumberId must be 1-32 digits, was: " + id);
      }
      this.phoneNumberId = id;
      return this;
    }

    /**
     * @param url the Graph API base URL (a mock in tests)
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Parsing.baseUrl(url, "apiBaseUrl");
      return this;
    }

    /**
     * @param version the Graph API version, e.g. {@code v21.0}
     * @return this builder
     */
    public Builder apiVersion(String version) {
      this.apiVersion = MetaWebhooks.apiVersion(version);
      return this;
    }

    /**
     * @param client the application's OkHttp client
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

    /**
     * @return the configuration
     * @throws IllegalStateException if a required field is missing
     */
    public WhatsAppConfig build() {
      for (String[] f : new String[][] {{"appSecret", appSecret}, {"verifyToken", verifyToken},
          {"accessToken", accessToken}, {"phoneNumberId", phoneNumberId}}) {
        if (f[1] == null) {
          throw new IllegalStateException(f[0] + " is required");
        }
      }
      return new WhatsAppConfig(this);
    }
  }
}
