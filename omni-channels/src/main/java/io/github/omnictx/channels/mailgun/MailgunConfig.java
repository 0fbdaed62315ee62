package io.github.omnictx.channels.mailgun;

import io.github.omnictx.channels.internal.Parsing;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link MailgunAdapter} talks to Mailgun: the HTTP webhook signing key (inbound routes and
 * event webhooks), the API key and sending domain (outbound), the sender address, the replay
 * protection, and the HTTP plumbing. Immutable and thread-safe; {@link #toString()} hides the keys.
 */
public final class MailgunConfig {
  /** Mailgun's US API base URL. */
  public static final String US_API_BASE_URL = "https://api.mailgun.net/";
  /** Mailgun's EU API base URL. */
  public static final String EU_API_BASE_URL = "https://api.eu.mailgun.net/";

  private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");
  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");
  private static final OkHttpClient SHARED_CLIENT = new OkHttpClient();

  private final String id;
  private final String signingKey;
  private final String apiKey;
  private final String domain;
  private final String from;
  private final @Nullable String subject;
  private final Duration replayWindow;
  private final HttpUrl apiBaseUrl;
  private final OkHttpClient httpClient;
  private final Clock clock;

  private MailgunConfig(Builder b) {
    this.id = b.id;
    this.signingKey = b.signingKey;
    this.apiKey = b.apiKey;
    this.domain = b.domain;
    this.from = b.from;
    this.subject = b.subject;
    this.replayWindow = b.replayWindow;
    this.apiBaseUrl = b.apiBaseUrl;
    this.httpClient = b.httpClient;
    this.clock = b.clock;
  }

  /**
   * Starts a configuration.
   *
   * @param signingKey the HTTP webhook signing key (Mailgun dashboard, "Webhooks")
   * @param apiKey the sending API key
   * @param domain the sending domain, e.g. {@code mg.example.org}
   * @param from the sender, e.g. {@code "Support <support@mg.example.org>"}
   * @return a builder
   */
  public static Builder builder(String signingKey, String apiKey, String domain, String from) {
    return new Builder(signingKey, apiKey, domain, from);
  }

  /** @return a builder with this configuration's values */
  public Builder toBuilder() {
    Builder b = new Builder(signingKey, apiKey, domain, from).id(id).replayWindow(replayWindow)
        .apiBaseUrl(apiBaseUrl.toString()).httpClient(httpClient).clock(clock);
    b.subject = subject;
    return b;
  }

  /** @return the adapter id, {@code mailgun} unless configured */
  public String id() {
    return id;
  }

  /** @return the webhook signing key */
  public String signingKey() {
    return signingKey;
  }

  /** @return the API key */
  public String apiKey() {
    return apiKey;
  }

  /** @return the sending domain */
  public String domain() {
    return domain;
  }

  /** @return the sender of outbound mail */
  public String from() {
    return from;
  }

  /** @return the subject of outbound mail, if fixed (otherwise the first line of the text) */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** @return how far a webhook's {@code timestamp} may be from the clock */
  public Duration replayWindow() {
    return replayWindow;
  }

  /** @return the API base URL, ending in {@code /} */
  public HttpUrl apiBaseUrl() {
    return apiBaseUrl;
  }

  /** @return the HTTP client sends use */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** @return the clock the replay window is measured by */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "MailgunConfig[" + id + ", domain " + domain + ", keys ***]";
  }

  /** Builds a {@link MailgunConfig}. Not thread-safe. */
  public static final class Builder {
    private final String signingKey;
    private final String apiKey;
    private final String domain;
    private final String from;
    private String id = "mailgun";
    private @Nullable String subject;
    private Duration replayWindow = Duration.ofMinutes(5);
    private HttpUrl apiBaseUrl = HttpUrl.get(US_API_BASE_URL);
    private OkHttpClient httpClient = SHARED_CLIENT;
    private Clock clock = Clock.systemUTC();

    private Builder(String signingKey, String apiKey, String domain, String from) {
      if (signingKey == null || signingKey.isBlank()) {
        throw new IllegalArgumentException("signingKey must not be blank");
      }
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      if (domain == null || !DOMAIN.matcher(domain).matches()) {
        throw new IllegalArgumentException("domain must be a domain name, was: " + domain);
      }
      if (from == null || from.isBlank() || !from.contains("@") || from.contains("\n") || from.contains("\r")) {
        throw new IllegalArgumentException("from must be an address, optionally with a name, was: " + from);
      }
      this.signingKey = signingKey;
      this.apiKey = apiKey;
      this.domain = domain;
      this.from = from;
    }

    /**
     * @param id the adapter id (endpoint name), 1-32 of {@code a-z0-9-}; {@code mailgun} by default
     * @return this builder
     */
    public Builder id(String id) {
      if (id == null || !ID.matcher(id).matches()) {
        throw new IllegalArgumentException("id must be 1-32 characters of a-z0-9-, was: " + id);
      }
      this.id = id;
      return this;
    }

    /**
     * @param subject a fixed subject for outbound mail without a template
     * @return this builder
     */
    public Builder subject(String subject) {
      if (subject == null || subject.isBlank() || subject.contains("\n") || subject.contains("\r")) {
        throw new IllegalArgumentException("subject must be one non-blank line, was: " + subject);
      }
      this.subject = subject;
      return this;
    }

    /**
     * @param window how far a webhook's signed timestamp may be from now; 5 minutes by default
     * @return this builder
     */
    public Builder replayWindow(Duration window) {
      if (window == null || window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("replayWindow must be between 1 ns and 1 day, was: " + window);
      }
      this.replayWindow = window;
      return this;
    }

    /**
     * @param url the API base URL ({@link #EU_API_BASE_URL}, or a mock server), ending in {@code /}
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Parsing.slashedUrl(url, "apiBaseUrl");
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
    public MailgunConfig build() {
      return new MailgunConfig(this);
    }
  }
}
