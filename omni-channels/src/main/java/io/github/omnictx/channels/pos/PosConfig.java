package io.github.omnictx.channels.pos;

import io.github.omnictx.channels.internal.SignedJsonSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link PosAdapter} checks and reads the tills' events: the shared
 * signing secret, the replay window, the region national phone numbers are read in, and the
 * adapter id. Immutable and thread-safe; {@link #toString()} hides the secret.
 */
public final class PosConfig {
  private final SignedJsonSettings settings;

  private PosConfig(SignedJsonSettings settings) {
    this.settings = settings;
  }

  /**
   * Starts a configuration.
   *
   * @param secret the shared signing secret, at least 16 characters
   * @return a builder
   */
  public static Builder builder(String secret) {
    return new Builder(SignedJsonSettings.of(secret, "pos"));
  }

  /** @return a builder with this configuration's values */
  public Builder toBuilder() {
    return new Builder(settings);
  }

  /** @return the adapter id, {@code pos} unless configured */
  public String id() {
    return settings.id();
  }

  /** @return the shared secret */
  public String secret() {
    return settings.secret();
  }

  /** @return how far a request's timestamp may be from the clock */
  public Duration replayWindow() {
    return settings.replayWindow();
  }

  /** @return the ISO 3166 region national numbers are read in, if set (else only E.164 is accepted) */
  public Optional<String> defaultRegion() {
    return settings.defaultRegion();
  }

  /** @return the clock for the replay window */
  public Clock clock() {
    return settings.clock();
  }

  SignedJsonSettings settings() {
    return settings;
  }

  @Override
  public String toString() {
    return settings.describe("PosConfig");
  }

  /** Builds a {@link PosConfig}. Not thread-safe. */
  public static final class Builder {
    private SignedJsonSettings settings;

    private Builder(SignedJsonSettings settings) {
      this.settings = settings;
    }

    /**
     * @param id the adapter id (endpoint name), 1-32 of {@code a-z0-9-}
     * @return this builder
     */
    public Builder id(String id) {
      settings = settings.withId(id);
      return this;
    }

    /**
     * @param window how far a request's timestamp may be from now; 5 minutes by default
     * @return this builder
     */
    public Builder replayWindow(Duration window) {
      settings = settings.withReplayWindow(window);
      return this;
    }

    /**
     * @param region the ISO 3166 region (e.g. {@code "DE"}) national numbers like {@code 0151 23456789}
     *     are read in
     * @return this builder
     */
    public Builder defaultRegion(String region) {
      settings = settings.withDefaultRegion(region);
      return this;
    }

    /**
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      settings = settings.withClock(clock);
      return this;
    }

    /** @return the configuration */
    public PosConfig build() {
      return new PosConfig(settings);
    }
  }
}
