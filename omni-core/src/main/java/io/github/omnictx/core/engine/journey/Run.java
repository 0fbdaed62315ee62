package io.github.omnictx.core.engine.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.journey.JourneyRun.Status;
import io.github.omnictx.core.journey.JourneyRunId;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A run being worked on inside one unit of work: the stored run (none for a new one) and what
 * changed, written back once with {@link #save}. Not thread-safe.
 */
final class Run {
  /** The most log lines a run keeps, the oldest dropped first. */
  static final int LOG_LINES = 40;

  private final @Nullable JourneyRun stored;
  final JourneyRunId id;
  final Journey journey;
  final CustomerId customer;
  final String key;
  final int sequence;
  final Instant startedAt;
  Status status;
  int step;
  @Nullable Instant waitingUntil;
  @Nullable String reason;
  final ObjectNode context;

  private Run(@Nullable JourneyRun stored, JourneyRunId id, Journey journey, CustomerId customer, String key,
      int sequence, Instant startedAt, Status status, int step, @Nullable Instant waitingUntil, @Nullable String reason,
      ObjectNode context) {
    this.stored = stored;
    this.id = id;
    this.journey = journey;
    this.customer = customer;
    this.key = key;
    this.sequence = sequence;
    this.startedAt = startedAt;
    this.status = status;
    this.step = step;
    this.waitingUntil = waitingUntil;
    this.reason = reason;
    this.context = context;
  }

  static Run start(JourneyRunId id, Journey journey, CustomerId customer, String key, int sequence, Instant now,
      Optional<TouchpointId> trigger, Instant since) {
    ObjectNode context = JsonNodeFactory.instance.objectNode();
    trigger.ifPresent(t -> context.put("trigger", t.toString()));
    context.put("since", since.toString());
    context.put("waits", 0);
    context.putArray("log");
    return new Run(null, id, journey, customer, key, sequence, now, Status.ACTIVE, 0, null, null, context);
  }

  static Run of(JourneyRun stored, Journey journey) {
    JsonNode c = stored.context();
    return new Run(stored, stored.id(), journey, stored.customer(), stored.correlationKey(), stored.sequence(),
        stored.startedAt(), stored.status(), stored.step(), stored.waitingUntil().orElse(null),
        stored.reason().orElse(null), (ObjectNode) c);
  }

  /** @return the run as it stands, before this unit of work's changes are saved */
  JourneyRun view(Instant now) {
    long version = stored == null ? 0 : stored.version();
    return toRun(now, version);
  }

  private JourneyRun toRun(Instant now, long version) {
    Optional<Instant> ended = status.ended()
        ? Optional.of(stored != null && stored.endedAt().isPresent() ? stored.endedAt().get() : now) : Optional.empty();
    return new JourneyRun(id, journey.name(), journey.version(), customer, key, sequence, status, step,
        Optional.ofNullable(waitingUntil), startedAt, now, ended, Optional.ofNullable(reason), context, version);
  }

  /** Writes the run: inserted when new, else compare-and-set on the version read. */
  JourneyRun save(StoreTransaction tx, Instant now) {
    if (stored == null) {
      JourneyRun r = toRun(now, 0);
      tx.journeys().insert(r);
      return r;
    }
    JourneyRun r = toRun(now, stored.version() + 1);
    tx.journeys().update(r, stored.version());
    return r;
  }

  void end(Status how, String why) {
    status = how;
    reason = why;
    waitingUntil = null;
  }

  void log(String line) {
    ArrayNode log = context.get("log") instanceof ArrayNode a ? a : context.putArray("log");
    log.add("step " + step + ": " + line);
    while (log.size() > LOG_LINES) {
      log.remove(0);
    }
  }

  Instant since() {
    return Instant.parse(context.path("since").asText(startedAt.toString()));
  }

  int waits() {
    return context.path("waits").asInt(0);
  }

  Optional<TouchpointId> touchpoint(String field) {
    JsonNode n = context.path(field);
    return n.isTextual() ? Optional.of(TouchpointId.of(n.asText())) : Optional.empty();
  }

  Optional<DecisionId> decision() {
    JsonNode n = context.path("decision");
    return n.isTextual() ? Optional.of(DecisionId.of(n.asText())) : Optional.empty();
  }
}
