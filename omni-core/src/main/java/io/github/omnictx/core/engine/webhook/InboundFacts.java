package io.github.omnictx.core.engine.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.Limits;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.ConsentSignal;
import io.github.omnictx.core.channel.spi.MessageChange;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.consent.ConsentService;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.engine.identity.IdentityService;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.TouchpointChanged;
import io.github.omnictx.core.internal.Payloads;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.Touchpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pipeline does with the events that are facts about something already known rather than
 * new touchpoints: an edit or deletion of a recorded message ({@link MessageChange}) and a consent
 * answer ({@link ConsentSignal}). Both run inside the caller's unit of work. Not API. Stateless.
 */
final class InboundFacts {
  /** What an event did. */
  enum Outcome {
    /** It changed something. */
    APPLIED,
    /** It was seen before, or is older than what is stored: nothing changed. */
    UNCHANGED,
    /** It names nothing Omni knows (a message never recorded, a stranger who said no). */
    UNKNOWN
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private InboundFacts() {}

  /**
   * Applies an edit or deletion to the message it names, by the rule of {@link MessageChange}.
   *
   * @throws ConcurrentUpdateException when the message changed since it was read; the unit of work
   *     runs again
   */
  static Outcome change(UnitOfWork uow, StoreTransaction tx, List<OmniEvent> events, ChannelId channel,
      MessageChange change) {
    Optional<Touchpoint> found = tx.touchpoints().findByExternalId(channel, change.originalId());
    if (found.isEmpty()) {
      return Outcome.UNKNOWN;
    }
    Touchpoint original = found.get();
    JsonNode before = original.payload();
    if (before.path("deleted").asBoolean(false)) {
      return Outcome.UNCHANGED; // deleted is final: a late edit must not bring text back
    }
    ObjectNode after = change.kind() == MessageChange.Kind.REVOKE ? deleted(change.occurredAt())
        : edited((ObjectNode) before.deepCopy(), change.occurredAt(), change.text().orElseThrow());
    if (after.equals(before)) {
      return Outcome.UNCHANGED;
    }
    ObjectNode next = Payloads.copy(after, "payload", Limits.MAX_PAYLOAD_DEPTH);
    if (!tx.touchpoints().replacePayload(original.id(), before, next)) {
      throw new ConcurrentUpdateException("touchpoint " + original.id() + " was changed concurrently");
    }
    Touchpoint now = original.toBuilder().payload(next).build();
    events.add(new TouchpointChanged(uow.tenant(), uow.now(), change.kind(), now));
    return Outcome.APPLIED;
  }

  private static ObjectNode deleted(Instant at) {
    ObjectNode p = NODES.objectNode();
    p.put("deleted", true);
    p.put("deletedAt", at.toString());
    return p;
  }

  /** The edit joins the list in time order, and the latest by time is the text. */
  private static ObjectNode edited(ObjectNode p, Instant at, String text) {
    List<Map.Entry<Instant, String>> edits = new ArrayList<>();
    for (JsonNode e : p.path("edits")) {
      edits.add(Map.entry(Instant.parse(e.path("at").asText()), e.path("text").asText()));
    }
    Map.Entry<Instant, String> edit = Map.entry(at, text);
    if (edits.contains(edit)) {
      return p;
    }
    if (!p.has("originalText") && p.has("text")) {
      p.set("originalText", p.get("text"));
    }
    edits.add(edit);
    edits.sort(Map.Entry.<Instant, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
    ArrayNode list = p.putArray("edits");
    for (Map.Entry<Instant, String> e : edits) {
      list.addObject().put("at", e.getKey().toString()).put("text", e.getValue());
    }
    Map.Entry<Instant, String> latest = edits.get(edits.size() - 1);
    p.put("text", latest.getValue());
    p.put("editedAt", latest.getKey().toString());
    return p;
  }

  /**
   * Records a consent answer by the rule of {@link ConsentSignal}: a grant resolves its subject,
   * creating the customer when new; a denial or revocation reaches only a customer already known.
   *
   * @throws io.github.omnictx.core.InvalidInputException if its channel is not registered
   * @throws ConcurrentUpdateException when it lost a race; the unit of work runs again
   */
  static Outcome consent(UnitOfWork uow, StoreTransaction tx, List<OmniEvent> events, IdentityService identities,
      String adapterId, ConsentSignal signal) {
    uow.channel(signal.channel());
    Consent consent = new Consent(signal.channel(), signal.purpose(), signal.status(), signal.source(),
        signal.occurredAt());
    Customer live;
    if (signal.status() == ConsentStatus.GRANTED) {
      live = identities.resolveIn(tx, events, signal.subject(), "consent " + adapterId).customer();
    } else {
      Optional<CustomerId> known = tx.customers().findHolders(signal.subject()).entrySet().stream()
          .filter(e -> !identities.rules().isBlocked(e.getKey()))
          .sorted(Map.Entry.comparingByKey(identities.rules().rank()))
          .map(Map.Entry::getValue)
          .findFirst();
      if (known.isEmpty()) {
        return Outcome.UNKNOWN;
      }
      live = MergeGroups.live(tx, known.get());
    }
    Customer after = ConsentService.recordIn(uow, tx, events, live, consent);
    return after == live ? Outcome.UNCHANGED : Outcome.APPLIED;
  }
}
