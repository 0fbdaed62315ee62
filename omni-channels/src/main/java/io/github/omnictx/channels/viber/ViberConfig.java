package io.github.omnictx.channels.viber;

import io.github.omnictx.channels.internal.Parsing;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * How one Viber bot is reached: its auth token (which also keys the webhook signature), the sender
 * name and avatar shown on its messages, and the HTTP plumbing. Immutable and thread-safe; build with
 * {@link #builder(String, String)}, change with {@link #toBuilder()}. {@link #toString()} never shows
 * the token.
 */
public final class ViberConfig {
  /** The real REST Bot API base URL. */
  public static final String DEFAULT_API_BASE_URL = "https://chatapi.viber.com/pa/";

  private final String id;
  private final String authToken;
  private final String senderName;
  private final Optional<String> senderAvatar;
  private final int minApiVersion;
  private final String apiBaseUrl;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private ViberConfig(Builder b) {
    this.id = b.id;
    this.authToken = b.authToken;
    this.senderName = b.senderName;
    this.senderAvatar = b.senderAvatar;
    this.minApiVersion = b.minApiVersion;
    this.apiBaseUrl = b.apiBaseUrl;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param authToken the bot's auth token ({@code X-Viber-Auth-Token}; also the webhook HMAC key)
   * @param senderName the sender name shown on sent messages, 1-28 characters
   * @return a builder with the real API URL, a shared default OkHttp client and the UTC clock
   * @throws IllegalArgumentException if the token is blank or the name is blank or too long
   */
  public static Builder builder(String authToken, String senderName) {
    return new Builder(authToken, senderName);
  }

  /** @return a builder holding this configuration */
  public Builder toBuilder() {
    Builder b = new Builder(authToken, senderName).id(id).minApiVersion(minApiVersion).apiBaseUrl(apiBaseUrl)
        .httpClient(httpClient).clock(clock);
    senderAvatar.ifPresent(b::senderAvatar);
    return b;
  }

  /** @return the adapter id (default {@code viber}) */
  public String id() {
    return id;
  }

  /** @return the auth token */
  public String authToken() {
    return authToken;
  }

  /** @return the sender name on sent messages */
  public String senderName() {
    return senderName;
  }

  /** @return the sender avatar URL on sent messages, if set */
  public Optional<String> senderAvatar() {
    return senderAvatar;
  }

  /** @return the {@code min_api_version} sent with messages (default 1) */
  public int minApiVersion() {
    return minApiVersion;
  }

  /** @return the API base URL, ending in {@code /} */
  public String apiBaseUrl() {
    return apiBaseUrl;
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
    return "ViberConfig[id=" + id + ", senderName=" + senderName + ", apiBaseUrl=" + apiBaseUrl + "]";
  }

  /** Builds a {@link ViberConfig}. Not thread-safe. */
  public static final class Builder {
    private String id = "viber";
    private final String authToken;
    private final String senderName;
    private Optional<String> senderAvatar = Optional.empty();
    private int minApiVersion = 1;
    private String apiBaseUrl = DEFAULT_API_BASE_URL;
    private OkHttpClient httpClient = Parsing.defaultClient();
    private Clock clock = Clock.systemUTC();

    private Builder(String authToken, String senderName) {
      this.authToken = Parsing.configured(authToken, "authToken");
      Parsing.configured(senderName, "senderName");
      if (senderName.length() > 28) {
        throw new IllegalArgumentException("senderName must be at most 28 characters, was " + senderName.length()
            + ": '" + senderName + "'");
      }
      this.senderName = senderName;
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
     * @param url the avatar shown with sent messages (at most 100 kB, 720x720 recommended)
     * @return this builder
     */
    public Builder senderAvatar(String url) {
      Parsing.baseUrl(url, "senderAvatar");
      this.senderAvatar = Optional.of(url);
      return this;
    }

    /**
     * @param version the minimal Viber client API version a message needs, at least 1
     * @return this builder
     */
    public Builder minApiVersion(int version) {
      if (version < 1) {
        throw new IllegalArgumentException("minApiVersion must be >= 1, was: " + version);
      }
      this.minApiVersion = version;
      return this;
    }

    /**
     * @param url the API base URL (a mock in tests)
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Parsing.baseUrl(url, "apiBaseUrl");
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

    /** @return the configuration */
    public ViberConfig build() {
      return new ViberConfig(this);
    }
  }
}
