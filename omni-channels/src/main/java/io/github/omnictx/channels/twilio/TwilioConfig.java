package io.github.omnictx.channels.twilio;

import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link TwilioAdapter} talks to Twilio: the account, the auth token that signs webhooks and
 * authenticates sends, the channel it serves ({@link Channels#SMS} or {@link Channels#WHATSAPP}),
 * the sender, and the HTTP plumbing. Immutable and thread-safe; {@link #toString()} hides the token.
 */
public final class TwilioConfig {
  /** Twilio's REST API base URL. */
  public static final String DEFAULT_API_BASE_URL = "https://api.twilio.com/";

  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
  private static final OkHttpClient SHARED_CLIENT = new OkHttpClient();

  private final String accountSid;
  private final String authToken;
  private final ChannelId channel;
  private final String id;
  private final @Nullable String from;
  private final @Nullable String messagingServiceSid;
  private final @Nullable String statusCallbackUrl;
  private final HttpUrl apiBaseUrl;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private TwilioConfig(Builder b) {
    this.accountSid = b.accountSid;
    this.authToken = b.authToken;
    this.channel = b.channel;
    this.id = "twilio-" + b.channel.value();
    this.from = b.from;
    this.messagingServiceSid = b.messagingServiceSid;
    this.statusCallbackUrl = b.statusCallbackUrl;
    this.apiBaseUrl = b.apiBaseUrl;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /**
   * Starts a configuration.
   *
   * @param accountSid the account SID, {@code AC} and 32 hex digits
   * @param authToken the primary auth token: it signs webhooks and is the password for sends
   * @return a builder for the SMS channel; call {@link Builder#channel} for WhatsApp
   */
  public static Builder builder(String accountSid, String authToken) {
    return new Builder(accountSid, authToken);
  }

  /** @return a builder with this configuration's values */
  public Builder toBuilder() {
    Builder b = new Builder(accountSid, authToken).channel(channel).apiBaseUrl(apiBaseUrl.toString())
        .httpClient(httpClient).clock(clock);
    b.from = from;
    b.messagingServiceSid = messagingServiceSid;
    b.statusCallbackUrl = statusCallbackUrl;
    return b;
  }

  /** @return the account SID */
  public String accountSid() {
    return accountSid;
  }

  /** @return the auth token */
  public String authToken() {
    return authToken;
  }

  /** @return {@code sms} or {@code whatsapp} */
  public ChannelId channel() {
    return channel;
  }

  /** @return the adapter id: {@code twilio-sms} or {@code twilio-whatsapp} */
  public String id() {
    return id;
  }

  /** @return the sender number in E.164 (without {@code whatsapp:}), if configured */
  public Optional<String> from() {
    return Optional.ofNullable(from);
  }

  /** @return the Messaging Service SID sends go through, if configured (it wins over {@link #from()}) */
  public Optional<String> messagingServiceSid() {
    return Optional.ofNullable(messagingServiceSid);
  }

  /** @return the URL Twilio posts status callbacks for sent messages to, if configured */
  public Optional<String> statusCallbackUrl() {
    return Optional.ofNullable(statusCallbackUrl);
  }

  /** @return the REST API base URL, ending in {@code /} */
  public HttpUrl apiBaseUrl() {
    return apiBaseUrl;
  }

  /** @return the HTTP client sends use */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** @return the clock (Retry-After dates, webhook receipt times) */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "TwilioConfig[" + id + ", account " + accountSid + ", token ***]";
  }

  /** Builds a {@link TwilioConfig}. Not thread-safe. */
  public static final class Builder {
    private final String accountSid;
    private final String authToken;
    private ChannelId channel = Channels.SMS.id();
    private @Nullable String from;
    private @Nullable String messagingServiceSid;
    private @Nullable String statusCallbackUrl;
    private HttpUrl apiBaseUrl = HttpUrl.get(DEFAULT_API_BASE_URL);
    private OkHttpClient httpClient = SHARED_CLIENT;
    private Clock clock = Clock.systemUTC();

    private Builder(String accountSid, String authToken) {
      if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
        throw new IllegalArgumentException("accountSid must be AC followed by 32 hex digits, was: " + accountSid);
      }
      if (authToken == null || authToken.isBlank()) {
        throw new IllegalArgumentException("authToken must not be blank");
      }
      this.accountSid = accountSid;
      this.authToken = authToken;
    }

    /**
     * @param channel {@link Channels#SMS} (the default) or {@link Channels#WHATSAPP}
     * @return this builder
     * @throws IllegalArgumentException for any other channel
     */
    public Builder channel(Channel channel) {
      return channel(Objects.requireNonNull(channel, "channel").id());
    }

    private Builder channel(ChannelId id) {
      if (!id.equals(Channels.SMS.id()) && !id.equals(Channels.WHATSAPP.id())) {
        throw new IllegalArgumentException("channel must be sms or whatsapp, was: " + id);
      }
      this.channel = id;
      return this;
    }

    /**
     * @param number the Twilio number messages are sent from, E.164 (for WhatsApp without the
     *     {@code whatsapp:} prefix, which the adapter adds)
     * @return this builder
     */
    public Builder from(String number) {
      if (number == null || !number.matches("\\+[1-9][0-9]{6,14}")) {
        throw new IllegalArgumentException("from must be an E.164 number, was: " + number);
      }
      this.from = number;
      return this;
    }

    /**
     * @param sid the Messaging Service SID ({@code MG…}) to send through instead of one number
     * @return this builder
     */
    public Builder messagingServiceSid(String sid) {
      if (sid == null || !SERVICE_SID.matcher(sid).matches()) {
        throw new IllegalArgumentException("messagingServiceSid must be MG followed by 32 hex digits, was: " + sid);
      }
      this.messagingServiceSid = sid;
      return this;
    }

    /**
     * @param url the public URL of this adapter's webhook endpoint, for status callbacks of sent
     *     messages (absolute http or https)
     * @return this builder
     */
    public Builder statusCallbackUrl(String url) {
      Parsing.httpUrl(url, "statusCallbackUrl");
      this.statusCallbackUrl = url;
      return this;
    }

    /**
     * @param url the REST API base URL (a mock server in tests), ending in {@code /}
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Parsing.slashedUrl(url, "apiBaseUrl");
      return this;
    }

    /**
     * @param client the host application's OkHttp client (timeouts, proxies, metrics)
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
     * @throws IllegalStateException if neither a sender number nor a Messaging Service is set
     */
    public TwilioConfig build() {
      if (from == null && messagingServiceSid == null) {
        throw new IllegalStateException("TwilioConfig needs from(number) or messagingServiceSid(sid) to send");
      }
      return new TwilioConfig(this);
    }
  }
}
