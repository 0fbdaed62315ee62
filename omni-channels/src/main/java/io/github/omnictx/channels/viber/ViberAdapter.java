package io.github.omnictx.channels.viber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.channels.internal.ProviderHttp;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.ConsentSignal;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Viber REST Bot API adapter: {@code X-Viber-Content-Signature} verification (hex HMAC-SHA256 of
 * the raw body keyed with the auth token), callback parsing and {@code send_message}.
 *
 * <p>Inbound, one callback per request:
 * <ul>
 *   <li>{@code message}: an {@link InboundTouch}, external id the {@code message_token} as exact
 *       decimal text (it exceeds 2^53, so it is never read through a double), sender the {@link
 *       IdentityKind#VIBER} {@code sender.id} with {@code sender.name}, time in milliseconds. Text is
 *       {@code message.text} (a picture's or video's caption too); pictures, videos, files, stickers,
 *       locations and contacts become attachments; a {@code url} message's text is the URL.
 *   <li>{@code delivered}, {@code seen}, {@code failed}: a {@link DeliveryUpdate} keyed by the outbound
 *       {@code message_token} (DELIVERED, READ, FAILED with {@code desc}).
 *   <li>{@code unsubscribed}: a {@link ConsentSignal} REVOKED for every purpose (Viber delivers
 *       nothing to a user who unsubscribed); {@code subscribed}: GRANTED for service and
 *       transactional messages (marketing needs its own grant). Source {@code viber:unsubscribed} /
 *       {@code viber:subscribed}, time the callback's.
 *   <li>{@code conversation_started}, {@code webhook} (the {@code set_webhook} check) and anything
 *       else: ignored. They carry no message.
 * </ul>
 *
 * <p>Outbound the recipient is the {@link IdentityKind#VIBER} id; text, or one image (sent as {@code
 * picture} with the text as description). Viber answers HTTP 200 even for errors, so the body's
 * {@code status} decides: 0 is success; 12 (too many requests) {@link Reason#RATE_LIMITED}; 5, 6, 11
 * (not registered, not subscribed, no suitable device) {@link Reason#RECIPIENT_UNREACHABLE}; 2 (invalid
 * token) {@link Reason#UNAUTHORIZED}; everything else {@link Reason#REJECTED}. A non-200 HTTP status
 * is classified by status (5xx {@link Reason#TEMPORARY}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ViberAdapter implements InboundAdapter, OutboundAdapter {
  /** The header Viber signs callbacks in. */
  public static final String SIGNATURE_HEADER = "X-Viber-Content-Signature";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Pattern TOKEN = Pattern.compile("-?[0-9]{1,20}");

  private final ViberConfig config;
  private final ProviderHttp http;

  /**
   * Creates the adapter.
   *
   * @param config the bot's configuration
   */
  public ViberAdapter(ViberConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = new ProviderHttp(config.id(), config.httpClient(), config.clock());
  }

  /**
   * The recommended resilience for Viber: Viber publishes no per-second limit for {@code
   * send_message} (its limit is per user: status 12 after about 100 messages in an hour without a
   * reply, which retrying soon does not cure), so the {@link ResilientAdapter} defaults apply: 20 sends
   * per second, 4 attempts.
   *
   * @param adapter the adapter to wrap
   * @return a builder to adjust or {@link ResilientAdapter.Builder#build() build}
   */
  public static ResilientAdapter.Builder resilient(ViberAdapter adapter) {
    return ResilientAdapter.builder(adapter).rateLimit(20, Duration.ofSeconds(5));
  }

  /** @return the configuration */
  public ViberConfig config() {
    return config;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public ChannelId channel() {
    return Channels.VIBER.id();
  }

  /**
   * Checks {@code X-Viber-Content-Signature} (hex HMAC-SHA256 of the raw body, keyed with the auth
   * token) in constant time.
   *
   * @throws SignatureException if missing or wrong
   */
  @Override
  public void verify(WebhookRequest request) {
    Optional<String> given = request.header(SIGNATURE_HEADER);
    if (given.isEmpty() || given.get().isBlank()) {
      throw new SignatureException(SIGNATURE_HEADER + " header is missing", true);
    }
    String expected = Hmac.sha256Hex(config.authToken(), request.body());
    if (!Hmac.constantTimeEquals(expected, given.get().strip().toLowerCase(Locale.ROOT))) {
      throw new SignatureException(SIGNATURE_HEADER + " does not match the body", false);
    }
  }

  /**
   * Parses one callback (see the class comment).
   *
   * @throws InvalidInputException if the body is not a Viber callback or a field has the wrong type
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    try {
      ObjectNode root = JsonBody.object(request);
      String event = JsonBody.text(root, "event", "body");
      return switch (event) {
        case "message" -> List.of(message(root));
        case "delivered" -> List.of(receipt(root, DeliveryStatus.DELIVERED));
        case "seen" -> List.of(receipt(root, DeliveryStatus.READ));
        case "failed" -> List.of(receipt(root, DeliveryStatus.FAILED));
        case "subscribed" -> subscription(root, JsonBody.text(JsonBody.obj(root, "user", "body"), "id", "body.user"),
            ConsentStatus.GRANTED, List.of(Purpose.SERVICE, Purpose.TRANSACTIONAL));
        case "unsubscribed" -> subscription(root, JsonBody.text(root, "user_id", "body"), ConsentStatus.REVOKED,
            List.of(Purpose.values()));
        case "conversation_started" -> List.of(new IgnoredEvent(event, "the user opened the chat but wrote nothing"));
        case "webhook" -> List.of(new IgnoredEvent(event, "Viber's set_webhook availability check"));
        default -> List.of(new IgnoredEvent(event, "not a customer message"));
      };
    } catch (IllegalArgumentException e) {
      // a value type refused a field (NUL, an unpaired surrogate, a time out of range, a deep payload)
      throw new InvalidInputException("body", e.getMessage(), e);
    }
  }

  private static String token(ObjectNode root) {
    String token = JsonBody.text(root, "message_token", "body");
    if (!TOKEN.matcher(token).matches()) {
      throw JsonBody.wrongType("body.message_token", "an integer", root.get("message_token"));
    }
    return token;
  }

  /**
   * A subscription change as consent answers on Viber: unsubscribing blocks every message, so it
   * revokes every purpose; subscribing allows service and transactional messages again, never
   * marketing, which needs its own grant.
   */
  private List<InboundEvent> subscription(ObjectNode root, String userId, ConsentStatus status, List<Purpose> purposes) {
    Identity user = Parsing.handle(IdentityKind.VIBER, userId, "body.user");
    Instant at = JsonBody.epochMillis(root, "timestamp", "body", config.clock());
    String source = "viber:" + (status == ConsentStatus.GRANTED ? "subscribed" : "unsubscribed");
    List<InboundEvent> out = new ArrayList<>();
    for (Purpose purpose : purposes) {
      out.add(new ConsentSignal(List.of(user), channel(), purpose, status, source, at));
    }
    return out;
  }

  private InboundEvent receipt(ObjectNode root, DeliveryStatus status) {
    String token = token(root);
    Instant at = JsonBody.epochMillis(root, "timestamp", "body", config.clock());
    Optional<String> desc = status == DeliveryStatus.FAILED ? JsonBody.optText(root, "desc", "body") : Optional.empty();
    return new DeliveryUpdate(token, status, at, Optional.empty(), desc);
  }

  private InboundEvent message(ObjectNode root) {
    String token = token(root);
    Instant at = JsonBody.epochMillis(root, "timestamp", "body", config.clock());
    ObjectNode sender = JsonBody.obj(root, "sender", "body");
    Identity user = Parsing.handle(IdentityKind.VIBER, JsonBody.text(sender, "id", "body.sender"), "body.sender.id");
    Optional<String> name = JsonBody.optText(sender, "name", "body.sender");
    ObjectNode m = JsonBody.obj(root, "message", "body");
    String p = "body.message";
    String type = JsonBody.optText(m, "type", p).orElse("unknown");
    Optional<String> text = JsonBody.optText(m, "text", p);
    Optional<String> media = JsonBody.optText(m, "media", p);
    Optional<String> caption = text.or(() -> JsonBody.optText(m, "file_name", p));
    List<Attachment> attachments = new ArrayList<>();
    switch (type) {
      case "picture" -> attachments.add(new Attachment("image", media, Optional.empty(), Optional.empty(), caption));
      case "video" -> attachments.add(new Attachment("video", media, Optional.empty(), Optional.empty(), caption));
      case "file" -> attachments.add(new Attachment("file", media, Optional.empty(), Optional.empty(),
          JsonBody.optText(m, "file_name", p)));
      case "sticker" -> attachments.add(new Attachment("sticker", media, JsonBody.optText(m, "sticker_id", p),
          Optional.empty(), Optional.empty()));
      case "location" -> {
        ObjectNode loc = JsonBody.obj(m, "location", p);
        String geo = "geo:" + Parsing.decimal(loc, "lat", p + ".location") + ","
            + Parsing.decimal(loc, "lon", p + ".location");
        attachments.add(new Attachment("location", Optional.of(geo), Optional.empty(), Optional.empty(), text));
      }
      case "contact" -> {
        ObjectNode c = JsonBody.obj(m, "contact", p);
        Optional<String> tel = JsonBody.optText(c, "phone_number", p + ".contact")
            .flatMap(Parsing::internationalPhone).map(ph -> "tel:" + ph.value());
        attachments.add(new Attachment("contact", tel, Optional.empty(), Optional.empty(),
            JsonBody.optText(c, "name", p + ".contact")));
      }
      case "url" -> text = media.or(() -> JsonBody.optText(m, "text", p));
      default -> { } // text, rich_media, unknown: the text (if any) and the payload say it all
    }
    return new InboundTouch(token, List.of(user), name, at, TouchpointType.MESSAGE, Direction.INBOUND, text,
        attachments, Optional.empty(), root);
  }

  // ------------------------------------------------------------------ outbound

  /**
   * Sends the text, or one image with the text as its description, with one HTTP attempt. The
   * {@code tracking_data} is {@code omni:<idempotency key>}.
   *
   * @return the receipt with the {@code message_token} as exact decimal text
   * @throws DeliveryException classified as in the class comment; {@link Reason#REJECTED} without a
   *     call for a recipient of another kind, a template, or an attachment other than one image
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    Identity to = message.recipient();
    if (to.kind() != IdentityKind.VIBER) {
      throw http.failure(Reason.REJECTED, null, null, "recipient must be a VIBER identity, was: " + to.kind());
    }
    if (message.template().isPresent()) {
      throw http.failure(Reason.REJECTED, null, null, "Viber bots have no message templates");
    }
    if (message.attachments().size() > 1 || (message.attachments().size() == 1
        && (!message.attachments().get(0).kind().equals("image") || message.attachments().get(0).url().isEmpty()))) {
      throw http.failure(Reason.REJECTED, null, null, "only one image by url can be attached on Viber");
    }
    ObjectNode body = JsonBody.MAPPER.createObjectNode();
    body.put("receiver", to.value());
    body.put("min_api_version", config.minApiVersion());
    ObjectNode sender = body.putObject("sender").put("name", config.senderName());
    config.senderAvatar().ifPresent(a -> sender.put("avatar", a));
    body.put("tracking_data", "omni:" + message.idempotencyKey());
    if (message.attachments().isEmpty()) {
      body.put("type", "text");
      body.put("text", message.text().orElseThrow());
    } else {
      Attachment image = message.attachments().get(0);
      body.put("type", "picture");
      body.put("text", message.text().or(image::caption).orElse(""));
      body.put("media", image.url().orElseThrow());
    }
    HttpUrl url = HttpUrl.get(config.apiBaseUrl()).newBuilder().addPathSegment("send_message").build();
    Request request = new Request.Builder().url(url).header("X-Viber-Auth-Token", config.authToken())
        .post(RequestBody.create(body.toString(), JSON)).build();
    ProviderHttp.Answer answer = http.call(request);
    if (!answer.ok()) {
      throw http.byStatus(answer, null, Parsing.abbreviate(answer.body()));
    }
    JsonNode reply = Parsing.lenient(answer.body());
    JsonNode status = reply.path("status");
    JsonNode token = reply.path("message_token");
    if (!status.isIntegralNumber()) {
      // HTTP 200 without a status: it may have been sent, so do not retry into a duplicate.
      throw http.failure(Reason.REJECTED, null, null, "answer without status: " + Parsing.abbreviate(answer.body()));
    }
    int code = status.intValue();
    if (code == 0 && token.isIntegralNumber()) {
      return new SendReceipt(token.bigIntegerValue().toString(), DeliveryStatus.SENT);
    }
    Reason reason = switch (code) {
      case 0 -> Reason.REJECTED; // ok without a token: sent, but nothing to track it by
      case 12 -> Reason.RATE_LIMITED;
      case 5, 6, 11 -> Reason.RECIPIENT_UNREACHABLE;
      case 2 -> Reason.UNAUTHORIZED;
      default -> Reason.REJECTED;
    };
    String text = reply.path("status_message").isTextual() ? reply.path("status_message").asText() : "no status_message";
    throw http.failure(reason, Integer.toString(code), answer.retryAfter().orElse(null), "status " + code + ": " + text);
  }

}
