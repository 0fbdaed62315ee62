package io.github.omnictx.core.channel;

import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Describes a channel: its id, its kind and what it can do. The standard channels are predefined in
 * {@link Channels}; applications may register their own on {@code Omni.builder().channel(...)}.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder(String, ChannelKind)}.
 */
public final class Channel {
  private final ChannelId id;
  private final ChannelKind kind;
  private final String displayName;
  private final boolean outboundAllowed;
  private final int maxTextLength;
  private final boolean richMedia;
  private final @Nullable Duration serviceWindow;
  private final @Nullable IdentityKind addressedBy;
  private final boolean templates;
  private final int maxSegments;

  private Channel(Builder b) {
    this.id = b.id;
    this.kind = b.kind;
    this.displayName = b.displayName == null ? b.id.value() : b.displayName;
    this.outboundAllowed = b.outboundAllowed;
    this.maxTextLength = b.maxTextLength;
    this.richMedia = b.richMedia;
    this.serviceWindow = b.serviceWindow;
    this.addressedBy = b.addressedBy;
    this.templates = b.templates;
    this.maxSegments = b.maxSegments;
  }

  /**
   * Starts a builder.
   *
   * @param id the channel id, 1-32 characters of {@code a-z0-9-}
   * @param kind how the channel behaves
   * @return a builder
   * @throws IllegalArgumentException if the id is malformed or the kind is null
   */
  public static Builder builder(String id, ChannelKind kind) {
    return new Builder(ChannelId.of(id), Checks.notNull(kind, "kind"));
  }

  /**
   * A builder holding this channel's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(id, kind);
    b.displayName = displayName;
    b.outboundAllowed = outboundAllowed;
    b.maxTextLength = maxTextLength;
    b.richMedia = richMedia;
    b.serviceWindow = serviceWindow;
    b.addressedBy = addressedBy;
    b.templates = templates;
    b.maxSegments = maxSegments;
    return b;
  }

  /** @return the channel id */
  public ChannelId id() {
    return id;
  }

  /** @return how the channel behaves */
  public ChannelKind kind() {
    return kind;
  }

  /** @return a human name, e.g. {@code "WhatsApp"} */
  public String displayName() {
    return displayName;
  }

  /** @return whether the business may start or send messages on this channel */
  public boolean outboundAllowed() {
    return outboundAllowed;
  }

  /** @return the longest text one message may carry, in characters ({@code 0}: no text) */
  public int maxTextLength() {
    return maxTextLength;
  }

  /** @return whether images, files and buttons can be sent */
  public boolean richMedia() {
    return richMedia;
  }

  /**
   * The customer-service window: after the customer's last message, free-form replies are allowed
   * for this long; outside it only approved templates (WhatsApp: 24 hours).
   *
   * @return the window, empty when the channel has none
   */
  public Optional<Duration> serviceWindow() {
    return Optional.ofNullable(serviceWindow);
  }

  /**
   * The identity kind the channel addresses people by, e.g. {@code PHONE} for SMS.
   *
   * @return the identity kind, empty for channels that address no one (the store, the website)
   */
  public Optional<IdentityKind> addressedBy() {
    return Optional.ofNullable(addressedBy);
  }

  /**
   * Whether the provider sends pre-approved templates (with parameters) on this channel, as
   * WhatsApp does outside its service window. An outbound intent may name a template only for a
   * channel that does.
   *
   * @return whether templates can be sent
   */
  public boolean supportsTemplates() {
    return templates;
  }

  /**
   * The most SMS segments one message may take, for channels that carry text as SMS: the text is
   * measured by {@link SmsSegments#count(String)} (GSM-7: 160 characters alone, 153 per segment
   * when concatenated; otherwise UCS-2: 70, and 67 per segment), as well as by {@link
   * #maxTextLength()}.
   *
   * @return the segment limit, empty when the channel does not count segments
   */
  public java.util.OptionalInt maxSegments() {
    return maxSegments == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(maxSegments);
  }

  /**
   * Why a text does not fit one message on this channel, if it does not: longer than {@link
   * #maxTextLength()} characters, or more than {@link #maxSegments()} SMS segments.
   *
   * @param text the text
   * @return the reason, naming the limit and the measure; empty when it fits
   */
  public Optional<String> textProblem(String text) {
    Checks.notNull(text, "text");
    if (maxTextLength == 0) {
      return Optional.of(displayName + " carries no text");
    }
    if (text.length() > maxTextLength) {
      return Optional.of("text is " + text.length() + " characters, " + displayName + " allows at most " + maxTextLength);
    }
    if (maxSegments > 0) {
      int segments = SmsSegments.count(text);
      if (segments > maxSegments) {
        return Optional.of("text takes " + segments + " SMS segments (" + SmsSegments.encoding(text) + "), "
            + displayName + " allows at most " + maxSegments);
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Channel)) {
      return false;
    }
    Channel c = (Channel) o;
    return outboundAllowed == c.outboundAllowed
        && maxTextLength == c.maxTextLength
        && richMedia == c.richMedia
        && templates == c.templates
        && maxSegments == c.maxSegments
        && id.equals(c.id)
        && kind == c.kind
        && displayName.equals(c.displayName)
        && Objects.equals(serviceWindow, c.serviceWindow)
        && addressedBy == c.addressedBy;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, kind, displayName, outboundAllowed, maxTextLength, richMedia, serviceWindow, addressedBy,
        templates, maxSegments);
  }

  @Override
  public String toString() {
    return "Channel[" + id + ", " + kind + "]";
  }

  /** Builds a {@link Channel}. Not thread-safe. */
  public static final class Builder {
    private final ChannelId id;
    private final ChannelKind kind;
    private @Nullable String displayName;
    private boolean outboundAllowed;
    private int maxTextLength;
    private boolean richMedia;
    private @Nullable Duration serviceWindow;
    private @Nullable IdentityKind addressedBy;
    private boolean templates;
    private int maxSegments;

    private Builder(ChannelId id, ChannelKind kind) {
      this.id = id;
      this.kind = kind;
    }

    /**
     * @param name a human name
     * @return this builder
     */
    public Builder displayName(String name) {
      this.displayName = Checks.notBlank(name, "displayName");
      return this;
    }

    /**
     * @param allowed whether the business may send on this channel
     * @return this builder
     */
    public Builder outboundAllowed(boolean allowed) {
      this.outboundAllowed = allowed;
      return this;
    }

    /**
     * @param length the longest text per message, {@code 0} for none
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxTextLength(int length) {
      if (length < 0) {
        throw new IllegalArgumentException("maxTextLength must be >= 0, was: " + length);
      }
      this.maxTextLength = length;
      return this;
    }

    /**
     * @param rich whether rich media can be sent
     * @return this builder
     */
    public Builder richMedia(boolean rich) {
      this.richMedia = rich;
      return this;
    }

    /**
     * @param window the service window after the customer's last message
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder serviceWindow(Duration window) {
      if (window == null || window.isZero() || window.isNegative()) {
        throw new IllegalArgumentException("serviceWindow must be positive, was: " + window);
      }
      this.serviceWindow = window;
      return this;
    }

    /**
     * @param kind the identity kind the channel addresses people by
     * @return this builder
     */
    public Builder addressedBy(IdentityKind kind) {
      this.addressedBy = Checks.notNull(kind, "addressedBy");
      return this;
    }

    /**
     * @param supported whether pre-approved templates can be sent on this channel
     * @return this builder
     */
    public Builder supportsTemplates(boolean supported) {
      this.templates = supported;
      return this;
    }

    /**
     * Makes the channel measure text in SMS segments (see {@link Channel#maxSegments()}).
     *
     * @param segments the most segments per message, 1 to 255 (concatenated SMS carry at most 255)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxSegments(int segments) {
      if (segments < 1 || segments > 255) {
        throw new IllegalArgumentException("maxSegments must be between 1 and 255, was: " + segments);
      }
      this.maxSegments = segments;
      return this;
    }

    /**
     * @return the channel
     */
    public Channel build() {
      return new Channel(this);
    }
  }
}
