package io.github.omnictx.channels.internal;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the configuration of an inbound-only {@link SignedJson} adapter (call centre, store/POS)
 * holds: the adapter id, the shared secret, the replay window, the region national phone numbers
 * are read in, and the clock. Validated here once; the public config classes and their builders
 * delegate to it. Not API. Immutable and thread-safe; {@link #describe} hides the secret.
 */
public final class SignedJsonSettings {
  private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,32}");

  private final String id;
  private final String secret;
  private final Duration replayWindow;
  private final @Nullable String defaultRegion;
  private final Clock clock;

  private SignedJsonSettings(String id, String secret, Duration replayWindow, @Nullable String defaultRegion,
      Clock clock) {
    this.id = id;
    this.secret = secret;
    this.replayWindow = replayWindow;
    this.defaultRegion = defaultRegion;
    this.clock = clock;
  }

  /**
   * The defaults: the given id, a 5-minute replay window, no default region, the UTC system clock.
   *
   * @param secret the shared signing secret, at least 16 characters
   * @param defaultId the adapter id unless {@link #withId} changes it
   * @return the settings
   * @throws IllegalArgumentException if the secret is short
   */
  public static SignedJsonSettings of(String secret, String defaultId) {
    return new SignedJsonSettings(defaultId, SignedJson.requireSecret(secret, "secret"),
        SignedJson.DEFAULT_REPLAY_WINDOW, null, Clock.systemUTC());
  }

  /**
   * @param newId the adapter id (endpoint name), 1-32 of {@code a-z0-9-}
   * @return a copy with that id
   * @throws IllegalArgumentException if the id is malformed
   */
  public SignedJsonSettings withId(String newId) {
    if (newId == null || !ID.matcher(newId).matches()) {
      throw new IllegalArgumentException("id must be 1-32 characters of a-z0-9-, was: " + newId);
    }
    return new SignedJsonSettings(newId, secret, replayWindow, defaultRegion, clock);
  }

  /**
   * @param window how far a request's timestamp may be from now
   * @return a copy with that window
   * @throws IllegalArgumentException if the window is not between 1 ns and 1 day
   */
  public SignedJsonSettings withReplayWindow(Duration window) {
    return new SignedJsonSettings(id, secret, SignedJson.requireWindow(window), defaultRegion, clock);
  }

  /**
   * @param region an ISO 3166 region code, any case
   * @return a copy with that region, upper case
   * @throws IllegalArgumentException if the region is not one libphonenumber knows
   */
  public SignedJsonSettings withDefaultRegion(String region) {
    String r = region == null ? "" : region.toUpperCase(Locale.ROOT);
    if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(r)) {
      throw new IllegalArgumentException("defaultRegion must be an ISO 3166 region code, was: " + region);
    }
    return new SignedJsonSettings(id, secret, replayWindow, r, clock);
  }

  /**
   * @param newClock the clock
   * @return a copy with that clock
   */
  public SignedJsonSettings withClock(Clock newClock) {
    return new SignedJsonSettings(id, secret, replayWindow, defaultRegion, Objects.requireNonNull(newClock, "clock"));
  }

  /** @return the adapter id */
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

  /** @return the region national numbers are read in, if set */
  public Optional<String> defaultRegion() {
    return Optional.ofNullable(defaultRegion);
  }

  /** @return the clock for the replay window */
  public Clock clock() {
    return clock;
  }

  /**
   * @param type the config class's simple name
   * @return {@code <type>[<id>, region <region>, secret ***]}
   */
  public String describe(String type) {
    return type + "[" + id + ", region " + defaultRegion + ", secret ***]";
  }
}
