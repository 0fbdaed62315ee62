package io.github.omnictx.channels.callcenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.JsonValues;
import io.github.omnictx.channels.internal.SignedJsonInboundAdapter;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The call centre (channel {@code voice}, id {@code call-center} unless configured): call events
 * from the telephony or contact-centre platform in the signed JSON format described in the
 * {@linkplain io.github.omnictx.channels.callcenter package documentation}. Every recognised event
 * becomes an {@link InboundTouch} of type {@link TouchpointType#CALL}, direction as the call's,
 * with the event's details in the payload; the deduplication key is {@code
 * <callId>:<type>:<sequence>} (or {@code <eventId>} in place of the sequence), so each event of a
 * call is recorded once and distinct events of one call are all kept. Inbound-only (calls are
 * placed by the call-centre platform): an {@code InboundAdapter} with nothing to send. Immutable
 * and thread-safe.
 */
public final class CallCenterAdapter extends SignedJsonInboundAdapter {
  /** The event types recorded; others are acknowledged and ignored. */
  public static final Set<String> EVENT_TYPES = Set.of("call.started", "call.answered", "call.transferred",
      "call.ended", "ivr.choice", "recording.available");

  private static final Set<String> WITHHELD = Set.of("anonymous", "withheld", "private", "unknown", "restricted");
  private static final Pattern DIGITS = Pattern.compile("[0-9*#]{1,32}");

  private final CallCenterConfig config;

  /**
   * @param config the configuration
   */
  public CallCenterAdapter(CallCenterConfig config) {
    super(java.util.Objects.requireNonNull(config, "config").settings(), Channels.VOICE.id());
    this.config = config;
  }

  /**
   * Parses one call event.
   *
   * @param body a verified request's body
   * @return one {@link InboundTouch}; an {@link IgnoredEvent} for an unknown event type or a call
   *     that names nobody (number withheld and no customer id)
   * @throws InvalidInputException if the body is not the documented format
   */
  @Override
  protected InboundEvent event(ObjectNode body) {
    String type = JsonBody.text(body, "type", "body").toLowerCase(Locale.ROOT);
    String callId = JsonBody.text(body, "callId", "body");
    Optional<String> sequence = JsonBody.optText(body, "sequence", "body");
    Optional<String> eventId = JsonBody.optText(body, "eventId", "body");
    if (sequence.isEmpty() && eventId.isEmpty()) {
      throw new InvalidInputException("body.eventId", "body needs an eventId or a sequence, was: neither");
    }
    if (!EVENT_TYPES.contains(type)) {
      return new IgnoredEvent(type, "not a call event Omni records");
    }
    Direction direction = switch (JsonBody.optText(body, "direction", "body").orElse("inbound")) {
      case "inbound" -> Direction.INBOUND;
      case "outbound" -> Direction.OUTBOUND;
      default -> throw new InvalidInputException("body.direction", "body.direction must be inbound or outbound, was: "
          + body.get("direction"));
    };
    // the customer's end of the line: the caller of an inbound call, the callee of an outbound one
    String customerField = direction == Direction.INBOUND ? "from" : "to";
    List<Identity> who = new ArrayList<>();
    Optional<String> number = JsonBody.optText(body, customerField, "body");
    if (number.isPresent() && !WITHHELD.contains(number.get().strip().toLowerCase(Locale.ROOT))) {
      // the telephone network connected this number: a possible number is taken, valid or not
      JsonValues.optVouchedPhone(body, customerField, "body", config.defaultRegion()).ifPresent(who::add);
    }
    JsonValues.optIdentity(body, "customerId", "body", IdentityKind.EXTERNAL).ifPresent(who::add);
    java.time.Instant at = JsonValues.instant(body, "occurredAt", "body");
    List<Attachment> attachments = new ArrayList<>();
    switch (type) {
      case "ivr.choice" -> {
        String digits = JsonBody.text(body, "ivrDigits", "body");
        if (!DIGITS.matcher(digits).matches()) {
          throw new InvalidInputException("body.ivrDigits", "body.ivrDigits must be 1-32 of 0-9*#, was: "
              + body.get("ivrDigits"));
        }
      }
      case "call.transferred" -> JsonBody.text(body, "transferTo", "body");
      case "recording.available" -> attachments.add(new Attachment("audio",
          Optional.of(JsonBody.text(body, "recordingUrl", "body")), JsonBody.optText(body, "recordingId", "body"),
          JsonBody.optText(body, "recordingMimeType", "body"), Optional.empty()));
      default -> { }
    }
    JsonNode duration = body.get("durationSeconds");
    if (duration != null && !duration.isNull() && JsonBody.integer(body, "durationSeconds", "body") < 0) {
      throw new InvalidInputException("body.durationSeconds", "body.durationSeconds must be >= 0, was: " + duration);
    }
    if (who.isEmpty()) {
      return new IgnoredEvent(type, "the number is withheld and no customerId was given: nobody to record it for");
    }
    String key = callId + ":" + type + ":" + sequence.orElseGet(eventId::orElseThrow);
    return new InboundTouch(key, who, JsonBody.optText(body, "callerName", "body"),
        at, TouchpointType.CALL, direction,
        JsonBody.optText(body, "notes", "body"), attachments, JsonBody.optText(body, "topic", "body"), body);
  }
}
