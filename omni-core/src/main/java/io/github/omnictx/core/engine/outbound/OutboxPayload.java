package io.github.omnictx.core.engine.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundStep;
import io.github.omnictx.core.spi.OutboxRow;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox rows outbound writes, and what their payload says. Each row is an event a Debezium
 * outbox router can stream: {@code aggregatetype} {@value #AGGREGATE_TYPE}, {@code aggregateid}
 * the customer, {@code type} {@value #SEND} or {@value #TIMER}, and a payload naming the tenant,
 * decision, step, channel, touchpoint, customer, purpose and dedup key (a timer also the status it
 * waits for). The message text is not in it: it stays in the decision. Not API.
 */
public final class OutboxPayload {
  /** The aggregate type of every outbound row. */
  public static final String AGGREGATE_TYPE = "outbound";
  /** A step to send. */
  public static final String SEND = "outbound.send";
  /** A timer: move on unless the step reached a status. */
  public static final String TIMER = "outbound.timer";

  private OutboxPayload() {}

  /**
   * What a row asks for.
   *
   * @param decision the decision
   * @param step the step's index
   * @param touchpoint the step's touchpoint
   * @param awaits for a timer, the status the step must have reached
   */
  public record Work(DecisionId decision, int step, TouchpointId touchpoint, Optional<DeliveryStatus> awaits) {}

  /**
   * A row that sends a step.
   *
   * @param id the row id
   * @param tenant the tenant
   * @param d the decision
   * @param step the step
   * @param touchpoint the step's touchpoint
   * @param now when written
   * @param dueAt when due
   * @return the row
   */
  public static OutboxRow send(UUID id, TenantId tenant, OutboundDecision d, OutboundStep step, TouchpointId touchpoint,
      Instant now, Instant dueAt) {
    ObjectNode p = common(tenant, d, step, touchpoint);
    return OutboxRow.pending(id, tenant, AGGREGATE_TYPE, d.customer().toString(), SEND, p, now, dueAt);
  }

  /**
   * A timer row.
   *
   * @param id the row id
   * @param tenant the tenant
   * @param d the decision
   * @param step the step sent
   * @param touchpoint its touchpoint
   * @param awaits the status it must reach
   * @param now when written
   * @param dueAt when the timer runs out
   * @return the row
   */
  public static OutboxRow timer(UUID id, TenantId tenant, OutboundDecision d, OutboundStep step, TouchpointId touchpoint,
      DeliveryStatus awaits, Instant now, Instant dueAt) {
    ObjectNode p = common(tenant, d, step, touchpoint).put("awaits", awaits.name());
    return OutboxRow.pending(id, tenant, AGGREGATE_TYPE, d.customer().toString(), TIMER, p, now, dueAt);
  }

  private static ObjectNode common(TenantId tenant, OutboundDecision d, OutboundStep step, TouchpointId touchpoint) {
    return JsonNodeFactory.instance.objectNode()
        .put("tenant", tenant.value())
        .put("decision", d.id().toString())
        .put("step", step.index())
        .put("channel", step.channel().value())
        .put("touchpoint", touchpoint.toString())
        .put("customer", d.customer().toString())
        .put("purpose", d.purpose().name())
        .put("dedupKey", d.dedupKey());
  }

  /**
   * Reads what an outbound row asks for.
   *
   * @param row the row
   * @return the work, empty when the row is not an outbound row Omni can read
   */
  public static Optional<Work> read(OutboxRow row) {
    if (!AGGREGATE_TYPE.equals(row.aggregateType()) || !(SEND.equals(row.type()) || TIMER.equals(row.type()))) {
      return Optional.empty();
    }
    try {
      JsonNode p = row.payload();
      Optional<DeliveryStatus> awaits = TIMER.equals(row.type())
          ? Optional.of(DeliveryStatus.valueOf(p.path("awaits").asText())) : Optional.empty();
      JsonNode step = p.path("step");
      if (!step.canConvertToInt()) {
        return Optional.empty();
      }
      return Optional.of(new Work(DecisionId.of(p.path("decision").asText()), step.asInt(),
          TouchpointId.of(p.path("touchpoint").asText()), awaits));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
