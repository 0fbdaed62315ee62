package io.github.omnictx.core.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The packet the new owner of a conversation receives: the customer card, the conversation's
 * cross-channel transcript (bounded, newest last), the customer's recent touchpoints outside the
 * conversation (purchases, carts, orders, store visits), what the bot collected, notes and the
 * reason. {@link #toJson()} serialises it for a UI; {@link #summary()} is a few lines a voice agent
 * can read in ten seconds.
 *
 * @param handoffId the handoff
 * @param conversationId the conversation
 * @param from who handed it off
 * @param to to whom it was offered
 * @param acceptedBy the agent who accepted the offer, once one did
 * @param acceptedAt when the offer was accepted, once it was
 * @param reason why
 * @param customer the customer card
 * @param channels the conversation's channels, in first-use order
 * @param transcript the conversation's newest touchpoints, oldest first (newest last)
 * @param recentActivity the customer's newest touchpoints outside the conversation, newest first
 * @param collected what the bot collected
 * @param notes notes for the new owner
 * @param builtAt when the packet was put together
 */
public record HandoffContext(HandoffId handoffId, ConversationId conversationId, Participant from, Participant to,
    Optional<AgentId> acceptedBy, Optional<Instant> acceptedAt, String reason, CustomerCard customer, List<ChannelId> channels, List<Touchpoint> transcript,
    List<Touchpoint> recentActivity, BotCollected collected, List<String> notes, Instant builtAt) {

  private static final DateTimeFormatter ACCEPTED = DateTimeFormatter.ofPattern("d MMM HH:mm:ss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null, or only one of {@code acceptedBy} and
   *     {@code acceptedAt} is present
   */
  public HandoffContext {
    Checks.notNull(handoffId, "handoffId");
    Checks.notNull(conversationId, "conversationId");
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.notNull(acceptedBy, "acceptedBy");
    Checks.notNull(acceptedAt, "acceptedAt");
    if (acceptedBy.isPresent() != acceptedAt.isPresent()) {
      throw new IllegalArgumentException("acceptedBy and acceptedAt must be both present or both empty, were: "
          + acceptedBy + " and " + acceptedAt);
    }
    Checks.notNull(reason, "reason");
    Checks.notNull(customer, "customer");
    channels = List.copyOf(Checks.notNull(channels, "channels"));
    transcript = List.copyOf(Checks.notNull(transcript, "transcript"));
    recentActivity = List.copyOf(Checks.notNull(recentActivity, "recentActivity"));
    Checks.notNull(collected, "collected");
    notes = List.copyOf(Checks.notNull(notes, "notes"));
    Checks.notNull(builtAt, "builtAt");
  }

  /**
   * The packet as JSON: {@code handoffId, conversationId, from, to, acceptedBy, acceptedAt (both
   * only once accepted), reason, builtAt, customer {id,
   * name, identities, consents [{channel, purpose, status}], attributes}, collected {intent,
   * orderNumber, slots}, notes, channels, transcript [{at, channel, direction, type, text}],
   * recentActivity [{at, channel, type, payload}]}}. Times are ISO-8601 text.
   *
   * @return a new JSON object
   */
  public JsonNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("handoffId", handoffId.toString());
    root.put("conversationId", conversationId.toString());
    root.put("from", from.toString());
    root.put("to", to.toString());
    acceptedBy.ifPresent(a -> root.put("acceptedBy", Participant.agent(a).toString()));
    acceptedAt.ifPresent(t -> root.put("acceptedAt", t.toString()));
    root.put("reason", reason);
    root.put("builtAt", builtAt.toString());
    ObjectNode c = root.putObject("customer");
    c.put("id", customer.customerId().toString());
    customer.name().ifPresent(n -> c.put("name", n));
    ArrayNode ids = c.putArray("identities");
    customer.identities().forEach(ids::add);
    ArrayNode consents = c.putArray("consents");
    customer.consents().forEach(k -> consents.addObject().put("channel", k.channel().value())
        .put("purpose", k.purpose().name()).put("status", k.status().name()));
    ObjectNode attrs = c.putObject("attributes");
    customer.attributes().forEach(attrs::put);
    root.set("collected", Handoff.details(collected, List.of()).get("collected"));
    ArrayNode n = root.putArray("notes");
    notes.forEach(n::add);
    ArrayNode ch = root.putArray("channels");
    channels.forEach(x -> ch.add(x.value()));
    ArrayNode tr = root.putArray("transcript");
    for (Touchpoint t : transcript) {
      ObjectNode e = tr.addObject().put("at", t.occurredAt().toString()).put("channel", t.channel().value())
          .put("direction", t.direction().name()).put("type", t.type().value());
      t.payloadText("text").ifPresent(x -> e.put("text", x));
    }
    ArrayNode ra = root.putArray("recentActivity");
    for (Touchpoint t : recentActivity) {
      ra.addObject().put("at", t.occurredAt().toString()).put("channel", t.channel().value())
          .put("type", t.type().value()).set("payload", t.payload());
    }
    return root;
  }

  /**
   * A short plain-text summary for a voice agent: who the customer is, why they were handed over,
   * who accepted it and when (UTC), what the bot collected, what they said last, their latest activity elsewhere.
   *
   * @return at most a few short lines
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(customer.name().orElse("Unknown customer"));
    String seg = customer.attributes().entrySet().stream().filter(e -> !e.getKey().equals("language"))
        .map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("");
    if (!seg.isEmpty()) {
      sb.append(" (").append(seg).append(')');
    }
    sb.append(". From ").append(from).append(": ").append(reason).append('.');
    if (acceptedBy.isPresent() && acceptedAt.isPresent()) {
      sb.append(" Accepted by ").append(Participant.agent(acceptedBy.get())).append(" at ")
          .append(ACCEPTED.format(acceptedAt.get())).append(" UTC.");
    }
    List<String> wants = new java.util.ArrayList<>();
    collected.intent().ifPresent(i -> wants.add(i.replace('_', ' ')));
    collected.orderNumber().ifPresent(o -> wants.add("order " + o));
    collected.slots().forEach((k, v) -> wants.add(k + " " + v));
    if (!wants.isEmpty()) {
      sb.append("\nWants: ").append(String.join(", ", wants)).append('.');
    }
    lastSaid().ifPresent(t -> sb.append("\nLast said on ").append(t.channel()).append(": \"")
        .append(shorten(t.payloadText("text").orElse(""), 120)).append('"'));
    if (!recentActivity.isEmpty()) {
      Touchpoint r = recentActivity.get(0);
      sb.append("\nRecent: ").append(r.type().value().replace('_', ' ')).append(" on ").append(r.channel())
          .append(' ').append(DAY.format(r.occurredAt()));
      r.payloadText("orderNumber").ifPresent(o -> sb.append(", order ").append(o));
      sb.append('.');
    }
    if (!notes.isEmpty()) {
      sb.append("\nNote: ").append(shorten(notes.get(notes.size() - 1), 120));
    }
    sb.append("\nChannels: ").append(String.join(", ", channels.stream().map(ChannelId::value).toList()))
        .append("; ").append(transcript.size()).append(" messages.");
    return sb.toString();
  }

  private Optional<Touchpoint> lastSaid() {
    for (int i = transcript.size() - 1; i >= 0; i--) {
      Touchpoint t = transcript.get(i);
      if (t.direction() == Direction.INBOUND && t.type().equals(TouchpointType.MESSAGE)
          && t.payloadText("text").isPresent()) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }
}
