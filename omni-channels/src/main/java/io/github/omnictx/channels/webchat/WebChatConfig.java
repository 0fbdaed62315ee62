package io.github.omnictx.channels.webchat;

import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.channels.internal.SignedJson;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link WebChatAdapter} talks to the retailer's own chat backend: the shared secret both
 * sides sign with, the channel ({@link Channels#WEB_CHAT} or {@link Channels#APP_CHAT}), the replay
 * window, the callback URL replies are posted to, and the HTTP plumbing. Immutable and thread-safe;
 * {@link #toString()} hides the secret.
 */
public final class WebChatConfig {
  private static final OkHttpClient SHARED_CLIENT = new OkHttpClient();

  private final String secret;
  private final ChannelId channel;
  private final Duration replayWindow;
  private final @Nullable HttpUrl callbackUrl;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private WebChatConfig(Builder b) {
    this.secret = b.secret;
    this.channel = b.channel;
    this.replayWindow = b.replayWindow;
    this.callbackUrl = b.callbackUrl;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /**
   * Starts a configuration.
   *
   * @param secret the shared signing secret, at least 16 characters
   * @return a builder for the web chat; call {@link Builder#channel} for the app chat
   */
  public static Builder builder(String secret) {
    return new Builder(secret);
  }

  /** @return a builder with this configuration's values */
  public Builder toBuilder() {
    Builder b = new Builder(secret).replayWindow(replayWindow).httpClient(httpClient).clock(clock);
    b.channel = channel;
    b.callbackUrl = callbackUrl;
    return b;
  }

  /** @return the shared secret */
  public String secret() {
    return secret;
  }

  /** @return {@code web-chat} or {@code app-chat}, also the adapter id */
  public ChannelId channel() {
    return channel;
  }

  /** @return how far a request's timestamp may be from the clock */
  public Duration replayWindow() {
    return replayWindow;
  }

  /** @return where replies are posted, if configured (without it the adapter cannot send) */
  public Optional<HttpUrl> callbackUrl() {
    return Optional.ofNullable(callbackUrl);
  }

  /** @return the HTTP client replies use */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** @return the clock for the replay window and signing */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "WebChatConfig[" + channel + ", callback " + callbackUrl + ", secret ***]";
  }

  /** Builds a {@link WebChatConfig}. Not thread-safe. */
  public static final class Builder {
    private final String secret;
    private ChannelId channel = Channels.WEB_CHAT.id();
    private Duration replayWindow = SignedJson.DEFAULT_REPLAY_WINDOW;
    private @Nullable HttpUrl callbackUrl;
    private OkHttpClient httpClient = SHARED_CLIENT;
    private Clock clock = Clock.systemUTC();

    private Builder(String secret) {
      this.secret = SignedJson.requireSecret(secret, "secret");
    }

    /**
     * @param channel {@link Channels#WEB_CHAT} (the default) or {@link Channels#APP_CHAT}
     * @return this builder
     * @throws IllegalArgumentException for any other channel
     */
    public Builder channel(Channel channel) {
      ChannelId id = Objects.requireNonNull(channel, "channel").id();
      if (!id.equals(Channels.WEB_CHAT.id()) && !id.equals(Channels.APP_CHAT.id())) {
        throw new IllegalArgumentException("channel must be web-chat or app-chat, was: " + id);
      }
      this.channel = id;
      return this;
    }

    /**
     * @param window how far a request's timestamp may be from now; 5 minutes by default
     * @return this builder
     */
    public Builder replayWindow(Duration window) {
      this.replayWindow = SignedJson.requireWindow(window);
      return this;
    }

    /**
     * @param url the chat backend's endpoint that delivers Omni's replies to visitors
     * @return this builder
     */
    public Builder callbackUrl(String url) {
      this.callbackUrl = Parsing.httpUrl(url, "callbackUrl");
      return this;
    }

    /**
     * @param client the host application's OkHttp client
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
    public WebChatConfig build() {
      return new WebChatConfig(this);
    }
  }
}
