package io.github.omnictx.core.outbound;

import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules outbound decisions follow in a tenant: how far back the customer's habits are
 * measured, which purposes keep quiet hours, frequency caps, and the pause in marketing after a
 * purchase. Set on {@code Omni.builder().outboundPolicy(...)}, per tenant overridable. Immutable and
 * thread-safe; build with {@link #builder()} or take {@link #defaults()}.
 */
public final class OutboundPolicy {
  private static final OutboundPolicy DEFAULTS = builder().build();

  private final Duration answerWindow;
  private final Set<Purpose> quietHoursFor;
  private final List<FrequencyCap> caps;
  private final @Nullable Duration marketingPauseAfterPurchase;

  private OutboundPolicy(Builder b) {
    this.answerWindow = b.answerWindow;
    this.quietHoursFor = Set.copyOf(b.quietHoursFor);
    this.caps = List.copyOf(b.caps);
    this.marketingPauseAfterPurchase = b.marketingPauseAfterPurchase;
  }

  /**
   * The defaults: habits measured over 180 days; quiet hours kept for marketing and transactional
   * messages (service replies go at once); no frequency caps; no pause after a purchase.
   *
   * @return the default policy
   */
  public static OutboundPolicy defaults() {
    return DEFAULTS;
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return how far back replies and reads per channel are counted */
  public Duration answerWindow() {
    return answerWindow;
  }

  /** @return the purposes whose messages wait for the end of the customer's quiet hours */
  public Set<Purpose> quietHoursFor() {
    return quietHoursFor;
  }

  /** @return the frequency caps, each checked on its own */
  public List<FrequencyCap> caps() {
    return caps;
  }

  /** @return how long marketing is suppressed after the customer's last purchase, if at all */
  public Optional<Duration> marketingPauseAfterPurchase() {
    return Optional.ofNullable(marketingPauseAfterPurchase);
  }

  /** @return a builder holding this policy's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.answerWindow = answerWindow;
    b.quietHoursFor = EnumSet.noneOf(Purpose.class);
    b.quietHoursFor.addAll(quietHoursFor);
    b.caps.addAll(caps);
    b.marketingPauseAfterPurchase = marketingPauseAfterPurchase;
    return b;
  }

  @Override
  public String toString() {
    return "OutboundPolicy[answerWindow " + answerWindow + ", quiet hours for " + quietHoursFor + ", caps " + caps
        + ", pause after purchase " + marketingPauseAfterPurchase + "]";
  }

  /** Builds an {@link OutboundPolicy}. Not thread-safe. */
  public static final class Builder {
    private Duration answerWindow = Duration.ofDays(180);
    private Set<Purpose> quietHoursFor = EnumSet.of(Purpose.MARKETING, Purpose.TRANSACTIONAL);
    private final List<FrequencyCap> caps = new ArrayList<>();
    private @Nullable Duration marketingPauseAfterPurchase;

    private Builder() {}

    /**
     * @param window how far back replies and reads per channel are counted, 1 to 3650 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder answerWindow(Duration window) {
      Checks.notNull(window, "answerWindow");
      if (window.compareTo(Duration.ofDays(1)) < 0 || window.compareTo(Duration.ofDays(3650)) > 0) {
        throw new IllegalArgumentException("answerWindow must be between 1 and 3650 days, was: " + window);
      }
      this.answerWindow = window;
      return this;
    }

    /**
     * @param purposes the purposes that keep quiet hours (may be none)
     * @return this builder
     */
    public Builder quietHoursFor(Set<Purpose> purposes) {
      Checks.notNull(purposes, "quietHoursFor");
      this.quietHoursFor = purposes.isEmpty() ? EnumSet.noneOf(Purpose.class) : EnumSet.copyOf(purposes);
      return this;
    }

    /**
     * Adds a frequency cap.
     *
     * @param cap the cap
     * @return this builder
     */
    public Builder cap(FrequencyCap cap) {
      caps.add(Checks.notNull(cap, "cap"));
      return this;
    }

    /**
     * @param pause how long after the customer's last purchase (a {@code purchase} touchpoint on any
     *     channel) marketing is suppressed, 1 minute to 365 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder marketingPauseAfterPurchase(Duration pause) {
      Checks.notNull(pause, "marketingPauseAfterPurchase");
      if (pause.compareTo(Duration.ofMinutes(1)) < 0 || pause.compareTo(Duration.ofDays(365)) > 0) {
        throw new IllegalArgumentException("marketingPauseAfterPurchase must be between 1 minute and 365 days, was: "
            + pause);
      }
      this.marketingPauseAfterPurchase = pause;
      return this;
    }

    /** @return the policy */
    public OutboundPolicy build() {
      return new OutboundPolicy(this);
    }
  }
}
