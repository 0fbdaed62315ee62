package io.github.omnictx.channels.meta;

import io.github.omnictx.channels.internal.MetaWebhooks;
import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.identity.IdentityKind;
import java.time.Clock;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How one Facebook Page (Messenger) or Instagram professional account is reached through Meta's
 * Messenger Platform: the app secret (webhook signatures), the verify token (subscription
 * handshake), the access token and account id (sends), whether echoes are recorded, and the HTTP
 * plumbing. Immutable and thread-safe; start with {@link #messenger()} or {@link #instagram()}, change
 * with {@link #toBuilder()}. {@link #toString()} never shows the secrets.
 *
 * <p>For Instagram with "Instagram API with Instagram Login" the webhook is signed with the
 * Instagram app secret and sends go to {@code https://graph.instagram.com/}: configure both here.
 */
public final class MetaConfig {
  /** The real Graph API base URL (Messenger, and Instagram with Facebook Login). */
  public static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com/";
  /** The Graph API version used unless another is configured. */
  public static final String DEFAULT_API_VERSION = "v21.0";

  /** The two Meta messaging platforms this adapter speaks; they share signing and the envelope. */
  public enum Platform {
    /** Facebook Messenger: webhook {@code object} {@code page}, senders are page-scoped ids (PSID). */
    MESSENGER("messenger", "page", Channels.MESSENGER, IdentityKind.MESSENGER),
    /** Instagram direct messages: {@code object} {@code instagram}, senders are Instagram-scoped ids. */
    INSTAGRAM("instagram", "instagram", Channels.INSTAGRAM, IdentityKind.INSTAGRAM);

    private final String defaultId;
    private final String object;
    private final Channel channel;
    private final IdentityKind identityKind;

    Platform(String defaultId, String object, Channel channel, IdentityKind identityKind) {
      this.defaultId = defaultId;
      this.object = object;
      this.channel = channel;
      this.identityKind = identityKind;
    }

    /** @return the webhook envelope's {@code object} value */
    public String object() {
      return object;
    }

    /** @return the channel events are recorded on */
    public Channel channel() {
      return channel;
    }

    /** @return the identity kind customers are addressed by */
    public IdentityKind identityKind() {
      return identityKind;
    }
  }

  private final Platform platform;
  private final String id;
  private final String appSecret;
  private final String verifyToken;
  private final String accessToken;
  private final String accountId;
  private final String apiBaseUrl;
  private final String apiVersion;
  private final boolean recordEchoes;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private MetaConfig(Builder b) {
    this.platform = b.platform;
    this.id = b.id;
    this.appSecret = Objects.requireNonNull(b.appSecret);
    this.verifyToken = Objects.requireNonNull(b.verifyToken);
    this.accessToken = Objects.requireNonNull(b.accessToken);
    this.accountId = b.accountId;
    this.apiBaseUrl = b.apiBaseUrl;
    this.apiVersion = b.apiVersion;
    this.recordEchoes = b.recordEchoes;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /** @return a builder for a Facebook Page on Messenger (adapter id {@code messenger}) */
  public static Builder messenger() {
    return new Builder(Platform.MESSENGER);
  }

  /** @return a builder for an Instagram professional account (adapter id {@code instagram}) */
  public static Builder instagram() {
    return new Builder(Platform.INSTAGRAM);
  }

  /** @return a builder holding this configuration */
  public Builder toBuilder() {
    return new Builder(platform).id(id).appSecret(appSecret).verifyToken(verifyToken).accessToken(accessToken)
        .accountId(accountId).apiBaseUrl(apiBaseUrl).apiVersion(apiVersion).recordEchoes(recordEchoes)
        .httpClient(httpClient).clock(clock);
  }

  /** @return Messenger or Instagram */
  public Platform platform() {
    return platform;
  }

  /** @return the adapter id */
  public String id() {
    return id;
  }

  /** @return the app secret webhook bodies are signed with */
  public String appSecret() {
    return appSecret;
  }

  /** @return the token the subscription handshake must present */
  public String verifyToken() {
    return verifyToken;
  }

  /** @return the Page (or Instagram) access token sends authenticate with */
  public String accessToken() {
    return accessToken;
  }

  /** @return the Page or Instagram account id sends go through ({@code me} by default) */
  public String accountId() {
    return accountId;
  }

  /** @return the Graph API base URL, ending in {@code /} */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /** @return the Graph API version */
  public String apiVersion() {
    return apiVersion;
  }

  /**
   * @return whether echoes of messages the business sent from elsewhere (the Page inbox, Meta
   *     Business Suite, another app) are recorded as outbound touchpoints (default {@code true})
   */
  public boolean recordEchoes() {
    return recordEchoes;
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
    return "MetaConfig[" + platform + ", id=" + id + ", accountId=" + accountId + ", apiBaseUrl=" + apiBaseUrl
        + ", apiVersion=" + apiVersion + ", recordEchoes=" + recordEchoes + "]";
  }

  /** Builds a {@link MetaConfig}. Not thread-safe. */
  public static final class Builder {
    private final Platform platform;
    private String id;
    private @Nullable String appSecret;
    private @Nullable String verifyToken;
    private @Nullable String accessToken;
    private String accountId = "me";
    private String apiBaseUrl = DEFAULT_API_BASE_URL;
    private String apiVersion = DEFAULT_API_VERSION;
    private boolean recordEchoes = true;
    private OkHttpClient httpClient = Parsing.defaultClient();
    private Clock clock = Clock.systemUTC();

    private Builder(Platform platform) {
      this.platform = platform;
      this.id = platform.defaultId;
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
     * @param secret the app secret (for Instagram Login, the Instagram app secret)
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
     * @param token the Page (or Instagram user) access token
     * @return this builder
     */
    public Builder accessToken(String token) {
      this.accessToken = Parsing.configured(token, "accessToken");
      return this;
    }

    /**
     * @param id the Page id or Instagram account id, or {@code me} for the token's own account
     * @return this builder
     */
    public Builder accountId(String id) {
      if (id == null || !id.matches("me|[0-9]{1,32}")) {
        throw new IllegalArgumentException("accountId must be me or 1-32 digits, was: " + id);
      }
      this.accountId = id;
      return this;
    }

    /**
     * @param url the Graph API base URL ({@code https://graph.instagram.com/} for Instagram Login; a
     *     mock in tests)
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
     * @param record whether echoes of messages sent outside Omni are recorded as outbound touchpoints
     * @return this builder
     */
    public Builder recordEchoes(boolean record) {
      this.recordEchoes = record;
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
     * @throws IllegalStateException if the app secret, verify token or access token is missing
     */
    public MetaConfig build() {
      for (String[] f : new String[][] {{"appSecret", appSecret}, {"verifyToken", verifyToken},
          {"accessToken", accessToken}}) {
        if (f[1] == null) {
          throw new IllegalStateException(f[0] + " is required");
        }
      }
      return new MetaConfig(this);
    }
  }
}
