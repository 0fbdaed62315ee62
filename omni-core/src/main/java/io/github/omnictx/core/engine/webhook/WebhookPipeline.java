package io.github.omnictx.core.engine.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.ConsentSignal;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.MessageChange;
import io.github.omnictx.core.channel.spi.ReplayToken;
import io.github.omnictx.core.conversation.service.Inbound;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.conversation.ConversationService;
import io.github.omnictx.core.engine.identity.IdentityService;
import io.github.omnictx.core.engine.outbound.OutboundService;
import io.github.omnictx.core.engine.timeline.Redeliveries;
import io.github.omnictx.core.engine.timeline.TimelineService;
import io.github.omnictx.core.event.CustomerUpdated;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.TouchpointRecorded;
import io.github.omnictx.core.identity.service.Resolution;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.RecordResult;
import io.github.omnictx.core.timeline.Timeline;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import io.github.omnictx.core.webhook.WebhookResult;
import io.github.omnictx.core.webhook.Webhooks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Webhooks} pipeline. Not API. Thread-safe. */
public final class WebhookPipeline implements Webhooks {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookPipeline.class);
  /** The attribute the sender's profile name fills. */
  private static final String NAME = "name";

  private final UnitOfWork uow;
  private final Map<String, InboundAdapter> adapters;
  private final int maxBodyBytes;
  private final IdentityService identities;
  private final ConversationService conversations;
  private final Timeline timeline;
  private final OutboundService outbound;

  /**
   * @param uow the tenant's units of work
   * @param adapters the registered inbound adapters by id
   * @param maxBodyBytes the largest body accepted
   * @param identities identity resolution
   * @param conversations the conversations a message or call joins
   * @param timeline the timeline
   * @param outbound outbound, whose touchpoints and plans delivery receipts move on
   */
  public WebhookPipeline(UnitOfWork uow, Map<String, InboundAdapter> adapters, int maxBodyBytes,
      IdentityService identities, ConversationService conversations, Timeline timeline, OutboundService outbound) {
    this.outbound = outbound;
    this.uow = uow;
    this.adapters = Map.copyOf(adapters);
    this.maxBodyBytes = maxBodyBytes;
    this.identities = identities;
    this.conversations = conversations;
    this.timeline = timeline;
  }

  @Override
  public Set<String> adapters() {
    return adapters.keySet();
  }

  @Override
  public Optional<io.github.omnictx.core.webhook.PollPosition> pollPosition(String adapterId, String source) {
    checkSource(adapterId, source);
    return uow.read(tx -> tx.pollCursors().find(adapterId, source));
  }

  @Override
  public void rememberPollPosition(String adapterId, String source, io.github.omnictx.core.webhook.PollPosition position) {
    checkSource(adapterId, source);
    Checks.notNull(position, "position");
    uow.write((tx, pending) -> {
      tx.pollCursors().save(adapterId, source, position, uow.now());
      return true;
    });
  }

  private static void checkSource(String adapterId, String source) {
    if (adapterId == null || !adapterId.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("adapterId must be 1-32 characters of a-z0-9- starting with a letter, was: "
          + Checks.quote(adapterId));
    }
    Checks.storable(Checks.maxLength(Checks.notBlank(source, "source"),
        io.github.omnictx.core.spi.PollCursorRepository.MAX_SOURCE_LENGTH, "source"), "source");
  }

  @Override
  public WebhookResult process(String adapterId, WebhookRequest request) {
    if (adapterId == null || request == null) {
      return WebhookResult.nothing(WebhookResponse.text(400, "adapter and request are required"));
    }
    InboundAdapter adapter = adapters.get(adapterId);
    if (adapter == null) {
      return WebhookResult.nothing(WebhookResponse.text(404, "no adapter " + Checks.quote(adapterId)));
    }
    if (request.bodyLength() > maxBodyBytes) {
      return WebhookResult.nothing(WebhookResponse.text(413, "body over " + maxBodyBytes + " bytes"));
    }
    try {
      Optional<WebhookResponse> handshake = adapter.handshake(request);
      if (handshake.isPresent()) {
        return WebhookResult.nothing(handshake.get());
      }
      if (!request.method().equals("POST")) {
        return WebhookResult.nothing(WebhookResponse.text(405, "webhooks are POSTed"));
      }
      adapter.verify(request);
      Optional<ReplayToken> token = adapter.replayToken(request);
      if (token.isPresent()) {
        guardReplay(adapter, token.get());
      }
      List<InboundEvent> events = adapter.parse(request);
      return ingest(adapter, events);
    } catch (SignatureException e) {
      // The reason is the caller's to act on, and by SignatureException's contract it names no
      // secret, signature or personal data: it goes back in the body and into the log.
      int status = e.missing() ? 401 : 403;
      String reason = reason(e);
      LOG.info("webhook for {} refused with {}: {}", adapterId, status, reason);
      return WebhookResult.nothing(WebhookResponse.text(status, reason));
    } catch (InvalidInputException e) {
      // The body names the field and its bad value for the sender; the log names only the field.
      LOG.info("webhook for {} refused with 400: malformed {}", adapterId, e.field());
      return WebhookResult.nothing(WebhookResponse.text(400, Objects.requireNonNullElse(e.getMessage(), "invalid input")));
    } catch (StoreException e) {
      LOG.warn("webhook for {} failed in the store; the provider will redeliver", adapterId, e);
      return WebhookResult.nothing(WebhookResponse.text(503, "temporarily unavailable"));
    } catch (RuntimeException e) {
      LOG.error("webhook for {} failed unexpectedly; nothing of the failed event was recorded", adapterId, e);
      return WebhookResult.nothing(WebhookResponse.text(500, "internal error"));
    }
  }

  /** A signature refusal's reason, one short line whatever an adapter put in it. */
  private static String reason(SignatureException e) {
    String raw = e.getMessage();
    String m = raw == null || raw.isBlank() ? (e.missing() ? "signature missing" : "signature does not match")
        : raw.replaceAll("[\\p{Cntrl}]", " ").strip();
    return m.length() <= 200 ? m : m.substring(0, 199) + "\u2026";
  }

  /**
   * Remembers a one-time token with its content digest, durably: the same token over other content
   * is a captured signature replayed with a forged body. A redelivery (same digest) goes on and is
   * recorded as duplicates; it is never refused, even after a failed first attempt.
   */
  private void guardReplay(InboundAdapter adapter, ReplayToken token) {
    Optional<String> first = uow.write((tx, pending) ->
        tx.webhookTokens().remember(adapter.id(), token.token(), token.contentDigest(), token.expiresAt(), uow.now()));
    if (first.isPresent() && !first.get().equals(token.contentDigest())) {
      throw new SignatureException("token was already used with other content: a replayed signature", false);
    }
  }

  private WebhookResult ingest(InboundAdapter adapter, List<InboundEvent> events) {
    ChannelId channel = adapter.channel();
    uow.channel(channel);
    List<InboundTouch> touches = new ArrayList<>();
    int erased = 0;
    for (InboundEvent event : events) {
      if (event instanceof InboundTouch touch) {
        if (identities.erased(touch.sender())) {
          // The sender was erased: acknowledged, so the provider stops redelivering; nothing is kept.
          LOG.info("webhook event from {} acknowledged and dropped: its sender was erased", adapter.id());
          erased++;
        } else {
          touches.add(touch);
        }
      }
    }
    List<Touchpoint> recorded = new ArrayList<>();
    int duplicates = 0;
    int rejected = 0;
    for (Optional<RecordResult> r : recordTouches(adapter, channel, touches)) {
      if (r.isEmpty()) {
        rejected++;
      } else if (r.get().duplicate()) {
        duplicates++;
      } else {
        recorded.add(r.get().touchpoint());
      }
    }
    int statuses = 0;
    int ignored = erased;
    int changes = 0;
    int consents = 0;
    // Receipts, edits and consent answers after the delivery's messages: an edit may name one of them.
    for (InboundEvent event : events) {
      if (event instanceof DeliveryUpdate update) {
        // One unit of work: the touchpoint's status moves forward only, and a failed step of an
        // outbound plan moves the plan to its next channel with it.
        if (outbound.applyReceipt(channel, update).isPresent()) {
          statuses++;
        } else {
          ignored++; // a message Omni did not send (or not yet recorded): nothing to update
        }
      } else if (event instanceof MessageChange || event instanceof ConsentSignal) {
        InboundFacts.Outcome outcome;
        try {
          outcome = uow.write((tx, pending) -> event instanceof MessageChange change
              ? InboundFacts.change(uow, tx, pending, channel, change)
              : InboundFacts.consent(uow, tx, pending, identities, adapter.id(), (ConsentSignal) event));
        } catch (InvalidInputException e) {
          LOG.warn("webhook event {} from {} not recorded: {}", event.getClass().getSimpleName(), adapter.id(),
              e.getMessage());
          rejected++;
          continue;
        }
        switch (outcome) {
          case APPLIED -> {
            if (event instanceof MessageChange) {
              changes++;
            } else {
              consents++;
            }
          }
          case UNCHANGED -> duplicates++;
          case UNKNOWN -> ignored++;
        }
      } else if (event instanceof IgnoredEvent) {
        ignored++;
      }
    }
    return new WebhookResult(adapter.acknowledge(), recorded, duplicates, statuses, ignored, rejected, changes,
        consents);
  }

  /**
   * Records a delivery's messages, calls and purchases in one unit of work: one commit however many
   * it carries. When one of them cannot be recorded for a reason of its own ({@link
   * InvalidInputException}: a value the store refuses, a sender whose every identity is blocked),
   * that unit of work is rolled back whole and the delivery is recorded again one event per unit of
   * work, so that the bad event is rejected alone with its reason, the others are recorded, and
   * nothing of the bad one stays behind. A redelivery gets the same answer (the others are
   * duplicates then). Savepoints per event would isolate it in one pass, but cost two statements
   * per event on every delivery, where this costs a second pass only when an event is refused.
   * A store failure ({@link StoreException}) is not the event's fault: it fails the delivery, and
   * the provider redelivers.
   *
   * @return per touch, in order: its result, or empty when it was rejected
   */
  private List<Optional<RecordResult>> recordTouches(InboundAdapter adapter, ChannelId channel,
      List<InboundTouch> touches) {
    if (touches.isEmpty()) {
      return List.of();
    }
    try {
      List<Optional<RecordResult>> out = new ArrayList<>();
      recordInOne(adapter, channel, touches).forEach(r -> out.add(Optional.of(r)));
      return out;
    } catch (InvalidInputException refused) {
      if (touches.size() == 1) {
        LOG.warn("webhook event {} from {} not recorded: {}", touches.get(0).externalId(), adapter.id(),
            refused.getMessage());
        return List.of(Optional.empty());
      }
    }
    List<Optional<RecordResult>> out = new ArrayList<>();
    for (InboundTouch touch : touches) {
      try {
        out.add(Optional.of(recordInOne(adapter, channel, List.of(touch)).get(0)));
      } catch (InvalidInputException refused) {
        LOG.warn("webhook event {} from {} not recorded: {}", touch.externalId(), adapter.id(), refused.getMessage());
        out.add(Optional.empty());
      }
    }
    return out;
  }

  /**
   * Resolution and recording of every touch in one unit of work: a failure leaves nothing behind,
   * and a redelivery changes nothing at all (see {@link Redeliveries}: the append finds it).
   */
  private List<RecordResult> recordInOne(InboundAdapter adapter, ChannelId channel, List<InboundTouch> touches) {
    Redeliveries redeliveries = new Redeliveries();
    return uow.write((tx, pending) -> {
      List<RecordResult> out = new ArrayList<>(touches.size());
      for (InboundTouch touch : touches) {
        out.add(recordOne(tx, pending, adapter, channel, touch, redeliveries));
      }
      return out;
    });
  }

  private RecordResult recordOne(StoreTransaction tx, List<OmniEvent> pending, InboundAdapter adapter,
      ChannelId channel, InboundTouch touch, Redeliveries redeliveries) {
    if (redeliveries.checking()) {
      Optional<Touchpoint> seen = redeliveries.known(channel, touch.externalId())
          .or(() -> tx.touchpoints().findByExternalId(channel, touch.externalId()));
      if (seen.isPresent()) {
        return new RecordResult(seen.get(), true);
      }
    }
    Resolution who = identities.resolveIn(tx, pending, touch.sender(), "webhook " + adapter.id() + " "
        + touch.externalId());
    Customer customer = nameFromProfile(tx, pending, who.customer(), touch);
    NewTouchpoint tp = toTouchpoint(customer, channel, touch);
    boolean conversational = touch.direction() == Direction.INBOUND
        && (touch.type().equals(TouchpointType.MESSAGE) || touch.type().equals(TouchpointType.CALL));
    if (conversational) {
      // Messages and calls from the customer join their conversation.
      Inbound.Builder inbound = Inbound.builder(tp);
      touch.topic().ifPresent(inbound::topic);
      return conversations.receiveFrom(tx, pending, inbound.build(), customer, who.created(), redeliveries)
          .touchpoint();
    }
    // Purchases, visits and echoes of the business's own messages are history, on the timeline alone.
    Instant now = uow.now();
    RecordResult r = TimelineService.appendKnown(uow, tx, tp, customer, now);
    if (r.duplicate()) {
      throw redeliveries.rollBack(r.touchpoint()); // whatever resolving the sender wrote must not stay
    }
    pending.add(new TouchpointRecorded(uow.tenant(), now, r.touchpoint()));
    return r;
  }

  /**
   * The sender's profile name (Telegram, WhatsApp, Viber, a chat's visitor, an e-mail's From) as
   * the customer's {@code name} when they have none: never over a name the business set, and only
   * from a message the customer sent. A name no customer can hold is left out, never a reason to
   * refuse the message.
   */
  private Customer nameFromProfile(StoreTransaction tx, List<OmniEvent> pending, Customer c, InboundTouch touch) {
    Optional<String> name = touch.senderName().map(String::strip).filter(n -> !n.isEmpty());
    if (name.isEmpty() || c.attribute(NAME).isPresent() || touch.direction() != Direction.INBOUND
        || !touch.type().equals(TouchpointType.MESSAGE)) {
      return c;
    }
    Instant now = uow.now();
    Customer next;
    try {
      next = c.toBuilder().attribute(NAME, name.get()).version(c.version() + 1)
          .updatedAt(now.isBefore(c.updatedAt()) ? c.updatedAt() : now).build();
    } catch (IllegalArgumentException unfit) {
      return c;
    }
    tx.customers().update(next, c.version());
    pending.add(new CustomerUpdated(uow.tenant(), now, next));
    return next;
  }

  /**
   * The touchpoint an inbound touch becomes: text, sender name, attachments and topic at the top
   * of the payload, the provider's own object under {@code provider}.
   *
   * @param customer the resolved customer
   * @param channel the channel
   * @param touch the event
   * @return the touchpoint request
   */
  static NewTouchpoint toTouchpoint(Customer customer, ChannelId channel, InboundTouch touch) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    touch.text().ifPresent(t -> payload.put("text", t));
    touch.senderName().ifPresent(n -> payload.put("senderName", n));
    touch.topic().ifPresent(t -> payload.put("topic", t));
    if (!touch.attachments().isEmpty()) {
      ArrayNode list = payload.putArray("attachments");
      for (Attachment a : touch.attachments()) {
        ObjectNode o = list.addObject().put("kind", a.kind());
        a.url().ifPresent(v -> o.put("url", v));
        a.mediaId().ifPresent(v -> o.put("mediaId", v));
        a.mimeType().ifPresent(v -> o.put("mimeType", v));
        a.caption().ifPresent(v -> o.put("caption", v));
      }
    }
    JsonNode provider = touch.payload();
    payload.set("provider", provider);
    return NewTouchpoint.builder(customer.id(), channel, touch.type())
        .direction(touch.direction())
        .occurredAt(touch.occurredAt())
        .externalId(touch.externalId())
        .payload(payload)
        .build();
  }
}
