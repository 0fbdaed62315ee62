package io.github.omnictx.channels.telegram;

import io.github.omnictx.channels.internal.Parsing;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * How one Telegram bot is reached: its token, the webhook secret token, and the HTTP plumbing.
 * Immutable and thread-safe; build with {@link #builder(String, String)}, change with {@link
 * #toBuilder()}. {@link #toString()} never shows the secrets.
 */
public final class TelegramConfig {
  /** The real Bot API base URL. */
  public static final String DEFAULT_API_BASE_URL = "https://api.telegram.org/";

  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");

  private final String id;
  private final String botToken;
  private final String secretToken;
  private final String apiBaseUrl;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private TelegramConfig(Builder b) {
    this.id = b.id;
    this.botToken = b.botToken;
    this.secretToken = b.secretToken;
    this.apiBaseUrl = b.apiBaseUrl;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /**
   * Starts a builder.
   *
   * @param botToken the token BotFather issued, e.g. {@code 123456:ABC-DEF…}
   * @param secretToken the {@code secret_token} given to {@code setWebhook}: 1-256 characters of
   *     {@code A-Za-z0-9_-}; Telegram sends it back in {@code X-Telegram-Bot-Api-Secret-Token}
   * @return a builder with the real API URL, a shared default OkHttp client and the UTC clock
   * @throws IllegalArgumentException if the token is blank or the secret malformed
   */
  public static Builder builder(String botToken, String secretToken) {
    return new Builder(botToken, secretToken);
  }

  /** @return a builder holding this configuration */
  public Builder toBuilder() {
    return new Builder(botToken, secretToken).id(id).apiBaseUrl(apiBaseUrl).httpClient(httpClient).clock(clock);
  }

  /** @return the adapter id (default {@code telegram}) */
  public String id() {
    return id;
  }

  /** @return the bot token */
  public String botToken() {
    return botToken;
  }

  /** @return the webhook secret token */
  public String secretToken() {
    return secretToken;
  }

  /** @return the Bot API base URL, ending in {@code /} */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /** @return the OkHttp client sends go through */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** @return the clock (receipt time of events without a provider timestamp, Retry-After dates) */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "TelegramConfig[id=" + id + ", apiBaseUrl=" + apiBaseUrl + "]";
  }

  /** Builds a {@link TelegramConfig}. Not thread-safe. */
  public static final class Builder {
    private String id = "telegram";
    private final String botToken;
    private final String secretToken;
    private String apiBaseUrl = DEFAULT_API_BASE_URL;
    private OkHttpClient httpClient = Parsing.defaultClient();
    private Clock clock = Clock.systemUTC();

    private Builder(String botToken, String secretToken) {
      this.botToken = Parsing.configured(botToken, "botToken");
      if (secretToken == null || !SECRET.matcher(secretToken).matches()) {
        throw new IllegalArgumentException("secretToken must be 1-256 characters of A-Za-z0-9_-, was: "
            + (secretToken == null ? "null" : secretToken.length() + " characters"));
      }
      this.secretToken = secretToken;
    }

    /**
     * @param id the adapter id, 1-32 characters of {@code a-z0-9-} starting with a letter (one per bot)
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
     * @param url the Bot API base URL (a local Bot API server, or a mock in tests)
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Parsing.baseUrl(url, "apiBaseUrl");
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
    public TelegramConfig build() {
      return new TelegramConfig(this);
    }
  }
}
