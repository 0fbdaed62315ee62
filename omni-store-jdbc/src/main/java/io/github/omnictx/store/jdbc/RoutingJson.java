package io.github.omnictx.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffId;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Agents and handoffs as JSON documents: every field, so that they read back equal. */
final class RoutingJson {
  private RoutingJson() {}

  static String agent(Agent a) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", a.id().value()).put("displayName", a.displayName()).put("presence", a.presence().name());
    ArrayNode skills = o.putArray("skills");
    a.skills().forEach(skills::add);
    ArrayNode languages = o.putArray("languages");
    a.languages().forEach(languages::add);
    ObjectNode capacity = o.putObject("capacity");
    a.capacity().forEach((kind, n) -> capacity.put(kind.name(), n));
    a.lastAssignedAt().ifPresent(at -> o.put("lastAssignedAt", at.toString()));
    o.put("version", a.version());
    return o.toString();
  }

  static Agent agent(String json) {
    JsonNode o = Json.read(json);
    Agent.Builder b = Agent.builder(AgentId.of(o.get("id").asText())).displayName(o.get("displayName").asText())
        .presence(Presence.valueOf(o.get("presence").asText()));
    o.get("skills").forEach(n -> b.skill(n.asText()));
    o.get("languages").forEach(n -> b.language(n.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = o.get("capacity").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      b.capacity(ChannelKind.valueOf(e.getKey()), e.getValue().asInt());
    }
    b.lastAssignedAt(instant(o.get("lastAssignedAt")));
    return b.version(o.get("version").asLong()).build();
  }

  static String handoff(Handoff h) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", h.id().toString()).put("conversationId", h.conversationId().toString())
        .put("customerId", h.customerId().toString()).put("from", h.from().toString()).put("to", h.to().toString())
        .put("fallback", h.fallback().toString()).put("status", h.status().name()).put("reason", h.reason())
        .put("offeredAt", h.offeredAt().toString()).put("expiresAt", h.expiresAt().toString());
    o.set("details", Json.read(Json.payload(h.details())));
    h.decidedAt().ifPresent(at -> o.put("decidedAt", at.toString()));
    h.acceptedBy().ifPresent(a -> o.put("acceptedBy", a.value()));
    h.releasedAt().ifPresent(at -> o.put("releasedAt", at.toString()));
    ArrayNode held = o.putArray("held");
    h.held().forEach(id -> held.add(id.toString()));
    o.put("version", h.version());
    // Written by our own writer too: doubles in the details keep their exact form.
    return Json.payload(o);
  }

  static Handoff handoff(String json) {
    JsonNode o = Json.read(json);
    Handoff.Builder b = Handoff.builder().id(HandoffId.of(o.get("id").asText()))
        .conversationId(ConversationId.of(o.get("conversationId").asText()))
        .customerId(CustomerId.of(o.get("customerId").asText()))
        .from(Participant.parse(o.get("from").asText())).to(Participant.parse(o.get("to").asText()))
        .fallback(Participant.parse(o.get("fallback").asText())).status(HandoffStatus.valueOf(o.get("status").asText()))
        .reason(o.get("reason").asText()).details(o.get("details"))
        .offeredAt(Instant.parse(o.get("offeredAt").asText())).expiresAt(Instant.parse(o.get("expiresAt").asText()))
        .decidedAt(instant(o.get("decidedAt"))).releasedAt(instant(o.get("releasedAt")));
    JsonNode acceptedBy = o.get("acceptedBy");
    b.acceptedBy(acceptedBy == null ? null : AgentId.of(acceptedBy.asText()));
    o.get("held").forEach(n -> b.held(TouchpointId.of(n.asText())));
    return b.version(o.get("version").asLong()).build();
  }

  private static @Nullable Instant instant(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : Instant.parse(n.asText());
  }
}
