package io.github.omnictx.channels.callcenter;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.github.omnictx.channels.internal.SignedJson;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a {@link CallCenterAdapter} checks and reads the call-centre platform's events: the shared
 * signing secret, the replay window, the region national phone numbers are dialled in, and the
 * adapter id. Immutable and thread-safe; {@link #toString()} hides the secret.
 */
public final class CallCenterConfig {
  private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");

  private final String id;
  private final String secret;
  private final Duration replayWindow;
  private final String defaultRegion;
  private final Clock clock;

  private CallCenterConfig(Builder b) {
    this.id = b.id;
    this.secret = b.secret;
    this.replayWindow = b.replayWindow;
    this.defaultRegion = b.defaultRegion;
    this.clock = b.clock;
  }

  /**
   * Starts a configuration.
   *
   * @param secret the shared signing secret, at least 16 characters
   * @return a builder
   */
  public static Builder builder(String secret) {
    return new Builder(secret);
  }

  /** @return a builder with this configuration's values */
  public Builder toBuilder() {
    Builder b = new Builder(secret).id(id).replayWindow(replayWindow).clock(clock);
    b.defaultRegion = defaultRegion;
    return b;
  }

  /** @return the adapter id, {@code call-center} unless configured */
  public String id() {
    return id;
  }

  /** @return the shared secret */
  public String secret() {
    return secret;
  }

  /** @return how far a request's timestamp may be from the clock */
  public Duration replayWindow() {
    return replayWindow;
  }

  /** @return the ISO 3166 region national numbers are read in, if set (else only E.164 is accepted) */
  public Optional<String> defaultRegion() {
    return Optional.ofNullable(defaultRegion);
  }

  /** @return the clock for the replay window */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "CallCenterConfig[" + id + ", region " + defaultRegion + ", secret ***]";
  }

  /** Builds a {@link CallCenterConfig}. Not thread-safe. */
  public static final class Builder {
    private final String secret;
    private String id = "call-center";
    private Duration replayWindow = SignedJson.DEFAULT_REPLAY_WINDOW;
    private String defaultRegion;
    private Clock clock = Clock.systemUTC();

    private Builder(String secret) {
      this.secret = SignedJson.requireSecret(secret, "secret");
    }

    /**
     * @param id the adapter id (endpoint name), 1-32 of {@code a-z0-9-}
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
     * @param window how far a request's timestamp may be from now; 5 minutes by default
     * @return this builder
     */
    public Builder replayWindow(Duration window) {
      this.replayWindow = SignedJson.requireWindow(window);
      return this;
    }

    /**
     * @param region the ISO 3166 region (e.g. {@code "DE"}) national numbers like {@code 030 1234567}
     *     are read in
     * @return this builder
     */
    public Builder defaultRegion(String region) {
      String r = region == null ? "" : region.toUpperCase(Locale.ROOT);
      if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(r)) {
        throw new IllegalArgumentException("defaultRegion must be an ISO 3166 region code, was: " + region);
      }
      this.defaultRegion = r;
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
    public CallCenterConfig build() {
      return new CallCenterConfig(this);
    }
  }
}
