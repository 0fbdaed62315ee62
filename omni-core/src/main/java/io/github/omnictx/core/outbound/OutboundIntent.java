package io.github.omnictx.core.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.OutboundMessage.Template;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the application wants said to a customer: who, why (the {@link Purpose}), the content (a
 * text, per channel an optional text of its own and an optional template with parameters), a dedup
 * key, and optionally a deadline, the channels it may go on, a fallback policy and the conversation
 * it answers in. Omni decides whether, where and when it goes: {@link Outbound#send}.
 *
 * <p>The builder checks only that each value is there; whether the content fits the channels (empty
 * text, a template on a channel without templates, text over a channel's limit) is checked by
 * {@link Outbound#send} and {@link Outbound#explain}, which throw a typed {@code
 * InvalidInputException} naming the field. Immutable and thread-safe.
 */
public final class OutboundIntent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CustomerId customer;
  private final Purpose purpose;
  private final String dedupKey;
  private final @Nullable String text;
  private final Map<ChannelId, String> channelTexts;
  private final Map<ChannelId, Template> templates;
  private final List<ChannelId> channels;
  private final @Nullable Instant deadline;
  private final FallbackPolicy fallback;
  private final @Nullable ConversationId conversation;

  private OutboundIntent(Builder b) {
    this.customer = b.customer;
    this.purpose = b.purpose;
    this.dedupKey = b.dedupKey;
    this.text = b.text;
    this.channelTexts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.channelTexts));
    this.templates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.templates));
    this.channels = List.copyOf(b.channels);
    this.deadline = b.deadline;
    this.fallback = b.fallback;
    this.conversation = b.conversation;
  }

  /**
   * Starts a builder.
   *
   * @param customer the customer, live or merged (a merged id stands for its survivor)
   * @param purpose why the business writes: consent, quiet hours and caps depend on it
   * @param dedupKey the application's key for this message: the same key never sends twice
   * @return a builder
   * @throws IllegalArgumentException if an argument is null
   */
  public static Builder builder(CustomerId customer, Purpose purpose, String dedupKey) {
    return new Builder(Checks.notNull(customer, "customer"), Checks.notNull(purpose, "purpose"),
        Checks.notNull(dedupKey, "dedupKey"));
  }

  /** @return the customer */
  public CustomerId customer() {
    return customer;
  }

  /** @return the purpose */
  public Purpose purpose() {
    return purpose;
  }

  /** @return the dedup key: unique per tenant, the same key never sends twice */
  public String dedupKey() {
    return dedupKey;
  }

  /** @return the text for every channel without a text of its own, if any */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  /** @return texts for particular channels (a short one for SMS, a long one for e-mail) */
  public Map<ChannelId, String> channelTexts() {
    return channelTexts;
  }

  /** @return templates for particular channels, sent where free text is not allowed (or there is none) */
  public Map<ChannelId, Template> templates() {
    return templates;
  }

  /**
   * The text that goes on a channel: its own, else the common one.
   *
   * @param channel the channel
   * @return the text, if any
   */
  public Optional<String> textFor(ChannelId channel) {
    return Optional.ofNullable(channelTexts.getOrDefault(channel, text));
  }

  /** @return the channels the message may go on, in the application's order; empty for any */
  public List<ChannelId> channels() {
    return channels;
  }

  /** @return when the message is no longer worth sending, if ever */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** @return when to move on to the next channel */
  public FallbackPolicy fallback() {
    return fallback;
  }

  /** @return the conversation the message answers in (its touchpoints join it), if any */
  public Optional<ConversationId> conversation() {
    return Optional.ofNullable(conversation);
  }

  /**
   * A digest of everything the intent says (all fields, maps in key order), as 64 lower-case hex
   * characters: a repeated dedup key with another digest is another message, which is refused.
   *
   * @return the SHA-256 digest of the intent's canonical form
   */
  public String contentDigest() {
    ObjectNode o = JSON.createObjectNode();
    o.put("customer", customer.toString());
    o.put("purpose", purpose.name());
    o.put("dedupKey", dedupKey);
    if (text != null) {
      o.put("text", text);
    }
    ObjectNode texts = o.putObject("channelTexts");
    new TreeMap<>(channelTexts).forEach((k, v) -> texts.put(k.value(), v));
    ObjectNode tpl = o.putObject("templates");
    new TreeMap<>(templates).forEach((k, v) -> {
      ObjectNode t = tpl.putObject(k.value()).put("name", v.name()).put("language", v.language());
      ArrayNode p = t.putArray("parameters");
      v.parameters().forEach(p::add);
    });
    ArrayNode ch = o.putArray("channels");
    channels.forEach(c -> ch.add(c.value()));
    if (deadline != null) {
      o.put("deadline", deadline.toString());
    }
    o.put("fallback", fallback.toString());
    if (conversation != null) {
      o.put("conversation", conversation.toString());
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(o.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * The same intent under another dedup key: the same content sent again, deliberately.
   *
   * @param key the new dedup key
   * @return the copy
   * @throws IllegalArgumentException if the key is null
   */
  public OutboundIntent withDedupKey(String key) {
    return copyInto(builder(customer, purpose, key)).build();
  }

  /** @return a builder holding this intent's values */
  public Builder toBuilder() {
    return copyInto(new Builder(customer, purpose, dedupKey));
  }

  private Builder copyInto(Builder b) {
    b.text = text;
    b.channelTexts.putAll(channelTexts);
    b.templates.putAll(templates);
    b.channels.addAll(channels);
    b.deadline = deadline;
    b.fallback = fallback;
    b.conversation = conversation;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OutboundIntent)) {
      return false;
    }
    OutboundIntent i = (OutboundIntent) o;
    return customer.equals(i.customer) && purpose == i.purpose && dedupKey.equals(i.dedupKey)
        && Objects.equals(text, i.text) && channelTexts.equals(i.channelTexts) && templates.equals(i.templates)
        && channels.equals(i.channels) && Objects.equals(deadline, i.deadline) && fallback.equals(i.fallback)
        && Objects.equals(conversation, i.conversation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customer, purpose, dedupKey);
  }

  @Override
  public String toString() {
    return "OutboundIntent[" + purpose + " to " + customer + ", key " + Checks.quote(dedupKey) + "]";
  }

  /** Builds an {@link OutboundIntent}. Not thread-safe. */
  public static final class Builder {
    private final CustomerId customer;
    private final Purpose purpose;
    private final String dedupKey;
    private @Nullable String text;
    private final Map<ChannelId, String> channelTexts = new LinkedHashMap<>();
    private final Map<ChannelId, Template> templates = new LinkedHashMap<>();
    private final List<ChannelId> channels = new ArrayList<>();
    private @Nullable Instant deadline;
    private FallbackPolicy fallback = FallbackPolicy.nextChannel();
    private @Nullable ConversationId conversation;

    private Builder(CustomerId customer, Purpose purpose, String dedupKey) {
      this.customer = customer;
      this.purpose = purpose;
      this.dedupKey = dedupKey;
    }

    /**
     * @param text the text for every channel without a text of its own
     * @return this builder
     */
    public Builder text(String text) {
      this.text = Checks.notNull(text, "text");
      return this;
    }

    /**
     * @param channel a channel
     * @param text the text for that channel instead of the common one
     * @return this builder
     */
    public Builder text(ChannelId channel, String text) {
      channelTexts.put(Checks.notNull(channel, "channel"), Checks.notNull(text, "text"));
      return this;
    }

    /**
     * @param channel a channel that supports templates (WhatsApp)
     * @param template the approved template to send there outside the service window (or always,
     *     when the intent has no text for that channel)
     * @return this builder
     */
    public Builder template(ChannelId channel, Template template) {
      templates.put(Checks.notNull(channel, "channel"), Checks.notNull(template, "template"));
      return this;
    }

    /**
     * Restricts the channels the message may go on; the customer's preferences and habits still
     * order them, and this order breaks ties.
     *
     * @param channels the channels, in the application's order
     * @return this builder
     */
    public Builder channels(List<ChannelId> channels) {
      Checks.notNull(channels, "channels");
      this.channels.clear();
      channels.forEach(c -> this.channels.add(Checks.notNull(c, "channel")));
      return this;
    }

    /**
     * @param deadline the last moment the message is worth sending
     * @return this builder
     */
    public Builder deadline(Instant deadline) {
      this.deadline = Checks.micros(deadline, "deadline");
      return this;
    }

    /**
     * @param fallback when to move on to the next channel; default {@link FallbackPolicy#nextChannel()}
     * @return this builder
     */
    public Builder fallback(FallbackPolicy fallback) {
      this.fallback = Checks.notNull(fallback, "fallback");
      return this;
    }

    /**
     * @param conversation the conversation the message answers in
     * @return this builder
     */
    public Builder conversation(ConversationId conversation) {
      this.conversation = Checks.notNull(conversation, "conversation");
      return this;
    }

    /** @return the intent */
    public OutboundIntent build() {
      return new OutboundIntent(this);
    }
  }
}
