package io.github.omnictx.channels.fcm;

import io.github.omnictx.channels.internal.Parsing;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How one Firebase project is reached: its service account, the FCM and token endpoints, the
 * notification title and the HTTP plumbing. Immutable and thread-safe; build with {@link
 * #builder(FcmServiceAccount)}, change with {@link #toBuilder()}. {@link #toString()} never shows the key.
 */
public final class FcmConfig {
  /** The real FCM API base URL. */
  public static final String DEFAULT_API_BASE_URL = "https://fcm.googleapis.com/";

  private final String id;
  private final FcmServiceAccount account;
  private final String apiBaseUrl;
  private final String tokenUri;
  private final @Nullable String title;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private FcmConfig(Builder b) {
    this.id = b.id;
    this.account = b.account;
    this.apiBaseUrl = b.apiBaseUrl;
    this.tokenUri = b.tokenUri;
    this.title = b.title;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param account the service account (see {@link FcmServiceAccount#fromJson(String)})
   * @return a builder with the real FCM URL, the account's token URI, no title, a shared default
   *     OkHttp client and the UTC clock
   * @throws IllegalArgumentException if the account is null
   */
  public static Builder builder(FcmServiceAccount account) {
    return new Builder(account);
  }

  /** @return a builder holding this configuration */
  public Builder toBuilder() {
    Builder b = new Builder(account).id(id).apiBaseUrl(apiBaseUrl).tokenUri(tokenUri).httpClient(httpClient).clock(clock);
    b.title = title;
    return b;
  }

  /** @return the adapter id (default {@code fcm}) */
  public String id() {
    return id;
  }

  /** @return the service account */
  public FcmServiceAccount account() {
    return account;
  }

  /** @return the FCM API base URL, ending in {@code /} */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /** @return where signed assertions are exchanged for access tokens (and their audience) */
  public String tokenUri() {
    return tokenUri;
  }

  /** @return the notification title shown above the text, if set */
  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  /** @return the OkHttp client sends and token exchanges go through */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** @return the clock assertions are stamped with and token expiry is measured by */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "FcmConfig[id=" + id + ", project=" + account.projectId() + ", apiBaseUrl=" + apiBaseUrl + ", tokenUri="
        + tokenUri + "]";
  }

  /** Builds an {@link FcmConfig}. Not thread-safe. */
  public static final class Builder {
    private String id = "fcm";
    private final FcmServiceAccount account;
    private String apiBaseUrl = DEFAULT_API_BASE_URL;
    private String tokenUri;
    private @Nullable String title;
    private OkHttpClient httpClient = Parsing.defaultClient();
    private Clock clock = Clock.systemUTC();

    private Builder(FcmServiceAccount account) {
      if (account == null) {
        throw new IllegalArgumentException("account must not be null");
      }
      this.account = account;
      this.tokenUri = account.tokenUri();
    }

    /**
     * @param id the adapter id, 1-32 characters of {@code a-z0-9-} starting with a letter (one per project)
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
     * @param url the FCM API base URL (a mock in tests)
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Parsing.baseUrl(url, "apiBaseUrl");
      return this;
    }

    /**
     * @param uri the token endpoint, instead of the account's {@code token_uri} (a mock in tests)
     * @return this builder
     */
    public Builder tokenUri(String uri) {
      Parsing.httpUrl(uri, "tokenUri");
      this.tokenUri = uri;
      return this;
    }

    /**
     * @param title the notification title, e.g. the shop's name; 1 to 100 characters
     * @return this builder
     */
    public Builder title(String title) {
      Parsing.configured(title, "title");
      if (title.length() > 100) {
        throw new IllegalArgumentException("title must be at most 100 characters, was: " + title.length());
      }
      this.title = title;
      return this;
    }

    /**
     * @param client the application's OkHttp client (its timeouts, proxy, interceptors apply)
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
    public FcmConfig build() {
      return new FcmConfig(this);
    }
  }
}
