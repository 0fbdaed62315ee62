package io.github.omnictx.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.channel.spi.OutboundMessage.Template;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.outbound.ChannelVerdict;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.outbound.FallbackPolicy;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundStep;
import io.github.omnictx.core.outbound.SuppressionReason;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Outbound decisions as JSON documents: every field, so that they read back equal. */
final class OutboundJson {
  private OutboundJson() {}

  static String decision(OutboundDecision d) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", d.id().toString()).put("customer", d.customer().toString()).put("dedupKey", d.dedupKey())
        .put("contentDigest", d.contentDigest()).put("purpose", d.purpose().name()).put("outcome", d.outcome().name())
        .put("detail", d.detail()).put("decidedAt", d.decidedAt().toString());
    ArrayNode steps = o.putArray("steps");
    for (OutboundStep s : d.steps()) {
      ObjectNode n = steps.addObject().put("index", s.index()).put("channel", s.channel().value());
      n.putObject("address").put("kind", s.address().kind().name()).put("value", s.address().value());
      s.text().ifPresent(t -> n.put("text", t));
      s.template().ifPresent(t -> {
        ObjectNode tpl = n.putObject("template").put("name", t.name()).put("language", t.language());
        ArrayNode p = tpl.putArray("parameters");
        t.parameters().forEach(p::add);
      });
    }
    d.dueAt().ifPresent(t -> o.put("dueAt", t.toString()));
    d.reason().ifPresent(r -> o.put("reason", r.name()));
    ArrayNode rejected = o.putArray("rejected");
    d.rejected().forEach(v -> rejected.addObject().put("channel", v.channel().value()).put("reason", v.reason().name())
        .put("detail", v.detail()));
    d.deadline().ifPresent(t -> o.put("deadline", t.toString()));
    ObjectNode f = o.putObject("fallback").put("maxSteps", d.fallback().maxSteps());
    d.fallback().unlessDeliveredWithin().ifPresent(t -> f.put("unlessDeliveredWithin", t.toString()));
    d.fallback().unlessReadWithin().ifPresent(t -> f.put("unlessReadWithin", t.toString()));
    d.conversation().ifPresent(c -> o.put("conversation", c.toString()));
    d.touchpoint().ifPresent(t -> o.put("touchpoint", t.toString()));
    return Json.payload(o);
  }

  static OutboundDecision decision(String json) {
    JsonNode o = Json.read(json);
    List<OutboundStep> steps = new ArrayList<>();
    for (JsonNode s : o.get("steps")) {
      JsonNode a = s.get("address");
      Optional<Template> template = Optional.empty();
      if (s.hasNonNull("template")) {
        JsonNode t = s.get("template");
        List<String> params = new ArrayList<>();
        t.get("parameters").forEach(p -> params.add(p.asText()));
        template = Optional.of(new Template(t.get("name").asText(), t.get("language").asText(), params));
      }
      steps.add(new OutboundStep(s.get("index").asInt(), Values.channel(s.get("channel").asText()),
          new Identity(IdentityKind.valueOf(a.get("kind").asText()), a.get("value").asText()),
          Optional.ofNullable(text(s.get("text"))), template));
    }
    List<ChannelVerdict> rejected = new ArrayList<>();
    for (JsonNode v : o.get("rejected")) {
      rejected.add(new ChannelVerdict(Values.channel(v.get("channel").asText()),
          SuppressionReason.valueOf(v.get("reason").asText()), v.get("detail").asText()));
    }
    JsonNode f = o.get("fallback");
    FallbackPolicy fallback = new FallbackPolicy(f.get("maxSteps").asInt(),
        Optional.ofNullable(text(f.get("unlessDeliveredWithin"))).map(Duration::parse),
        Optional.ofNullable(text(f.get("unlessReadWithin"))).map(Duration::parse));
    String reason = text(o.get("reason"));
    String conversation = text(o.get("conversation"));
    String touchpoint = text(o.get("touchpoint"));
    return OutboundDecision.builder()
        .id(DecisionId.of(o.get("id").asText()))
        .customer(CustomerId.of(o.get("customer").asText()))
        .dedupKey(o.get("dedupKey").asText())
        .contentDigest(o.get("contentDigest").asText())
        .purpose(Purpose.valueOf(o.get("purpose").asText()))
        .outcome(OutboundDecision.Outcome.valueOf(o.get("outcome").asText()))
        .steps(steps)
        .dueAt(instant(o.get("dueAt")))
        .reason(reason == null ? null : SuppressionReason.valueOf(reason))
        .detail(o.get("detail").asText())
        .rejected(rejected)
        .decidedAt(Instant.parse(o.get("decidedAt").asText()))
        .deadline(instant(o.get("deadline")))
        .fallback(fallback)
        .conversation(conversation == null ? null : ConversationId.of(conversation))
        .touchpoint(touchpoint == null ? null : TouchpointId.of(touchpoint))
        .build();
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static @Nullable Instant instant(@Nullable JsonNode n) {
    String t = text(n);
    return t == null ? null : Instant.parse(t);
  }
}
