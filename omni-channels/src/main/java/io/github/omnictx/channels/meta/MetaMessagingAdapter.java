package io.github.omnictx.channels.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.internal.GraphError;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.MetaWebhooks;
import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.channels.internal.ProviderHttp;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.ConsentSignal;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.MessageChange;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Messenger and Instagram adapter (Meta's Messenger Platform), one class for both because they
 * share the handshake, the {@code X-Hub-Signature-256} signature, the {@code entry[].messaging[]}
 * envelope and the Send API; {@link MetaConfig#platform()} picks the webhook object, channel and
 * identity kind.
 *
 * <p>Inbound, every event of every entry ({@code messaging[]}, and {@code standby[]} when another app
 * owns the thread: the customer still wrote) in order:
 * <ul>
 *   <li>{@code message}: an {@link InboundTouch}, external id {@code message.mid}, sender the PSID or
 *       IGSID, time in milliseconds, text, and attachments (kind = Meta's type, {@code payload.url};
 *       Messenger stickers as {@code sticker}; a shared location as a {@code geo:} URL).
 *   <li>Echoes ({@code is_echo}): a message the business sent. An echo whose {@code metadata} starts
 *       with {@code omni:outbound:} is Omni's own send (this adapter sets that metadata on Messenger)
 *       and is ignored: the touchpoint was recorded when it was sent. Other echoes (a reply typed in the
 *       Page inbox, Meta Business Suite, the Instagram app, another tool) are recorded as {@link
 *       Direction#OUTBOUND} touchpoints about the recipient, so the transcript shows what the customer
 *       was told outside Omni; {@link MetaConfig#recordEchoes() recordEchoes(false)} ignores them
 *       instead. Instagram sends take no metadata, so the pipeline must key Omni's outbound touchpoints
 *       on {@link SendReceipt#messageId()} for their echoes to deduplicate.
 *   <li>{@code postback} (a button tapped): an inbound touch with the button title as text.
 *   <li>{@code delivery} with {@code mids}: a {@link DeliveryUpdate} DELIVERED per mid; {@code read}
 *       with a {@code mid} (Instagram's {@code messaging_seen}): READ. A watermark without ids names
 *       no message and is ignored.
 *   <li>An unsent message ({@code message.is_deleted}) and {@code message_edit} are {@link
 *       MessageChange}s of the original {@code mid}: a deletion, and the new text.
 *   <li>{@code optin}: a {@link ConsentSignal} from the sender. Marketing Messages ({@code type:
 *       notification_messages}) grant marketing, or revoke it with {@code notification_messages_status:
 *       STOP_NOTIFICATIONS}; other opt-ins (the Send to Messenger plugin) grant service messages.
 *       Source {@code messenger:optin:<type>[:<status>]}. An opt-in with only a {@code user_ref} (the
 *       checkbox plugin, no PSID yet) is ignored.
 *   <li>Entries for another Page or account ({@code entry[].id} other than a configured numeric
 *       {@link MetaConfig#accountId()}; one app secret may serve several Pages) are {@link
 *       IgnoredEvent}s, logged at INFO and answered 200 so that Meta does not retry them. With the
 *       default account {@code me} every entry is read.
 *   <li>Times are milliseconds as Meta documents; a seconds value (some Instagram payloads send one,
 *       as a string) is read as seconds by the rule every adapter follows (see {@code JsonBody.epoch}).
 *   <li>Reactions, referrals, handover events: ignored.
 * </ul>
 *
 * <p>Outbound the recipient is the platform's identity (PSID/IGSID); text or one attachment by URL
 * per send ({@code messaging_type RESPONSE} on Messenger). Errors: 4, 613 and HTTP 429 are {@link
 * Reason#RATE_LIMITED}; 1, 2, 1200 and 5xx {@link Reason#TEMPORARY}; 190 {@link Reason#UNAUTHORIZED};
 * 551 and 100/2018001 (no matching user) {@link Reason#RECIPIENT_UNREACHABLE}; 10 with subcode 2018278
 * or 2534022 (outside the 24-hour window) {@link Reason#OUTSIDE_SERVICE_WINDOW}, other 10 and 200-299
 * {@link Reason#UNAUTHORIZED}; the rest {@link Reason#REJECTED}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MetaMessagingAdapter implements InboundAdapter, OutboundAdapter {
  /** The prefix of the {@code metadata} Omni puts on Messenger sends, to recognise their echoes. */
  public static final String OMNI_METADATA_PREFIX = "omni:outbound:";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Logger LOG = LoggerFactory.getLogger(MetaMessagingAdapter.class);

  private final MetaConfig config;
  private final ProviderHttp http;

  /**
   * Creates the adapter.
   *
   * @param config the Page's or Instagram account's configuration
   */
  public MetaMessagingAdapter(MetaConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = new ProviderHttp(config.id(), config.httpClient(), config.clock());
  }

  /**
   * The recommended resilience for Messenger and Instagram: at most 300 sends per second, the Send
   * API's limit per Page or Instagram account for text, links and stickers. Audio and video are
   * limited to 10 per second; and a Page sending over about 40 messages a second loses its inbox for a
   * while: lower the rate when agents also work in the Page inbox.
   *
   * @param adapter the adapter to wrap
   * @return a builder to adjust or {@link ResilientAdapter.Builder#build() build}
   */
  public static ResilientAdapter.Builder resilient(MetaMessagingAdapter adapter) {
    return ResilientAdapter.builder(adapter).rateLimit(300, Duration.ofSeconds(5));
  }

  /** @return the configuration */
  public MetaConfig config() {
    return config;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public ChannelId channel() {
    return config.platform().channel().id();
  }

  /**
   * Answers Meta's GET handshake with {@code hub.challenge} when {@code hub.verify_token} matches.
   *
   * @throws SignatureException if the verify token is missing or wrong
   */
  @Override
  public Optional<WebhookResponse> handshake(WebhookRequest request) {
    return MetaWebhooks.handshake(request, config.verifyToken());
  }

  /**
   * Checks {@code X-Hub-Signature-256} over the raw body bytes with the app secret.
   *
   * @throws SignatureException if missing or wrong
   */
  @Override
  public void verify(WebhookRequest request) {
    MetaWebhooks.verify(request, config.appSecret());
  }

  /**
   * Parses a webhook delivery into its events (see the class comment).
   *
   * @throws InvalidInputException if the body is not this platform's webhook or a field has the
   *     wrong type
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    try {
      ObjectNode root = JsonBody.object(request);
      String object = JsonBody.text(root, "object", "body");
      if (!object.equals(config.platform().object())) {
        throw new InvalidInputException("object", "object must be " + config.platform().object() + ", was: " + object);
      }
      List<InboundEvent> out = new ArrayList<>();
      JsonNode entries = JsonBody.array(root, "entry", "body", true);
      for (int i = 0; i < entries.size(); i++) {
        String entryPath = "entry[" + i + "]";
        ObjectNode entry = Parsing.element(entries, i, "entry");
        Optional<String> account = JsonBody.optText(entry, "id", entryPath);
        if (account.isPresent() && !config.accountId().equals("me") && !account.get().equals(config.accountId())) {
          // one Meta app (one app secret) may serve several Pages or accounts, brands or tenants
          LOG.info("{}: an entry for account {} ignored, this adapter serves {}", id(), account.get(), config.accountId());
          out.add(new IgnoredEvent("entry", "for account " + account.get() + ", not this adapter's " + config.accountId()));
          continue;
        }
        Optional<Instant> entryTime = entry.hasNonNull("time")
            ? Optional.of(JsonBody.epochMillis(entry, "time", entryPath, config.clock())) : Optional.empty();
        for (String list : new String[] {"messaging", "standby"}) {
          JsonNode events = JsonBody.array(entry, list, entryPath, false);
          for (int j = 0; j < events.size(); j++) {
            String path = entryPath + "." + list + "[" + j + "]";
            event(Parsing.element(events, j, entryPath + "." + list), path, entryTime, out);
          }
        }
      }
      return out;
    } catch (IllegalArgumentException e) {
      // a value type refused a field (NUL, an unpaired surrogate, a time out of range, a deep payload)
      throw new InvalidInputException("body", e.getMessage(), e);
    }
  }

  private void event(ObjectNode e, String path, Optional<Instant> entryTime, List<InboundEvent> out) {
    Optional<String> sender = JsonBody.optText(JsonBody.obj(e, "sender", path), "id", path + ".sender");
    if (sender.isEmpty()) {
      // the checkbox plugin's opt-in names the person by a one-time user_ref, no PSID yet
      out.add(new IgnoredEvent(e.has("optin") ? "optin" : "event", "no sender id (a user_ref only): nobody to attribute it to"));
      return;
    }
    String senderId = sender.get();
    Optional<String> recipientId = JsonBody.optObj(e, "recipient", path)
        .flatMap(r -> JsonBody.optText(r, "id", path + ".recipient"));
    Optional<Instant> stamp = e.hasNonNull("timestamp")
        ? Optional.of(JsonBody.epochMillis(e, "timestamp", path, config.clock())) : Optional.empty();
    Optional<ObjectNode> message = JsonBody.optObj(e, "message", path);
    if (message.isPresent()) {
      out.add(message(e, message.get(), path + ".message", senderId, recipientId, time(stamp, entryTime, path)));
      return;
    }
    Optional<ObjectNode> postback = JsonBody.optObj(e, "postback", path);
    if (postback.isPresent()) {
      Instant at = time(stamp, entryTime, path);
      String p = path + ".postback";
      String mid = JsonBody.optText(postback.get(), "mid", p)
          .orElse("postback:" + senderId + ":" + at.toEpochMilli());
      Optional<String> title = JsonBody.optText(postback.get(), "title", p)
          .or(() -> JsonBody.optText(postback.get(), "payload", p));
      out.add(new InboundTouch(mid, List.of(handle(senderId, path + ".sender.id")), Optional.empty(), at,
          TouchpointType.MESSAGE, Direction.INBOUND, title, List.of(), Optional.empty(), e));
      return;
    }
    Optional<ObjectNode> edit = JsonBody.optObj(e, "message_edit", path);
    if (edit.isPresent()) {
      String p = path + ".message_edit";
      Optional<String> text = JsonBody.optText(edit.get(), "text", p);
      out.add(text.isEmpty() ? new IgnoredEvent("message_edit", "an edit without text changes nothing Omni keeps")
          : MessageChange.edit(JsonBody.text(edit.get(), "mid", p), text.get(), time(stamp, entryTime, path)));
      return;
    }
    Optional<ObjectNode> optin = JsonBody.optObj(e, "optin", path);
    if (optin.isPresent()) {
      out.add(optin(optin.get(), path + ".optin", handle(senderId, path + ".sender.id"), time(stamp, entryTime, path)));
      return;
    }
    Optional<ObjectNode> delivery = JsonBody.optObj(e, "delivery", path);
    if (delivery.isPresent()) {
      JsonNode mids = JsonBody.array(delivery.get(), "mids", path + ".delivery", false);
      if (mids.size() == 0) {
        out.add(new IgnoredEvent("delivery", "a watermark without message ids names no message"));
        return;
      }
      Instant at = stamp.or(() -> entryTime)
          .orElseGet(() -> JsonBody.epochMillis(delivery.get(), "watermark", path + ".delivery", config.clock()));
      for (int i = 0; i < mids.size(); i++) {
        JsonNode mid = mids.get(i);
        if (!mid.isTextual() || mid.asText().isBlank()) {
          throw JsonBody.wrongType(path + ".delivery.mids[" + i + "]", "a string", mid);
        }
        out.add(new DeliveryUpdate(mid.asText(), DeliveryStatus.DELIVERED, at, Optional.empty(), Optional.empty()));
      }
      return;
    }
    Optional<ObjectNode> read = JsonBody.optObj(e, "read", path);
    if (read.isPresent()) {
      Optional<String> mid = JsonBody.optText(read.get(), "mid", path + ".read");
      if (mid.isEmpty()) {
        out.add(new IgnoredEvent("read", "a watermark without message ids names no message"));
        return;
      }
      out.add(new DeliveryUpdate(mid.get(), DeliveryStatus.READ, time(stamp, entryTime, path), Optional.empty(),
          Optional.empty()));
      return;
    }
    for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
      String kind = it.next();
      if (!kind.equals("sender") && !kind.equals("recipient") && !kind.equals("timestamp")) {
        out.add(new IgnoredEvent(kind, "not a customer message"));
        return;
      }
    }
    out.add(new IgnoredEvent("empty", "an event with nothing but sender and recipient"));
  }

  private InboundEvent message(ObjectNode event, ObjectNode m, String path, String senderId,
      Optional<String> recipientId, Instant at) {
    String mid = JsonBody.text(m, "mid", path);
    if (JsonBody.bool(m, "is_deleted", path, false)) {
      return MessageChange.revoke(mid, at);
    }
    Direction direction = Direction.INBOUND;
    String customer = senderId;
    if (JsonBody.bool(m, "is_echo", path, false)) {
      if (JsonBody.optText(m, "metadata", path).filter(s -> s.startsWith(OMNI_METADATA_PREFIX)).isPresent()) {
        return new IgnoredEvent("echo", "echo of a message Omni sent: recorded when it was sent");
      }
      if (!config.recordEchoes()) {
        return new IgnoredEvent("echo", "echoes of messages sent outside Omni are not recorded (recordEchoes is off)");
      }
      direction = Direction.OUTBOUND;
      customer = recipientId.orElseThrow(() -> JsonBody.wrongType(path.replace(".message", ".recipient.id"),
          "a string", null));
    }
    List<Attachment> attachments = new ArrayList<>();
    JsonNode list = JsonBody.array(m, "attachments", path, false);
    for (int i = 0; i < list.size(); i++) {
      attachments.add(attachment(Parsing.element(list, i, path + ".attachments"), path + ".attachments[" + i + "]"));
    }
    return new InboundTouch(mid, List.of(handle(customer, path)), Optional.empty(), at, TouchpointType.MESSAGE,
        direction, JsonBody.optText(m, "text", path), attachments, Optional.empty(), event);
  }

  /**
   * An opt-in as a consent answer: Marketing Messages ({@code type: notification_messages}) grant
   * marketing, and their {@code notification_messages_status} {@code STOP_NOTIFICATIONS} revokes it
   * ({@code RESUME_NOTIFICATIONS} grants it again); any other opt-in (the Send to Messenger plugin,
   * a one-time notification request) is permission to message the person: service.
   */
  private InboundEvent optin(ObjectNode o, String path, Identity person, Instant at) {
    String type = JsonBody.optText(o, "type", path).orElse("plugin");
    String status = JsonBody.optText(o, "notification_messages_status", path).orElse("");
    boolean marketing = type.equals("notification_messages");
    ConsentStatus answer = status.equals("STOP_NOTIFICATIONS") ? ConsentStatus.REVOKED : ConsentStatus.GRANTED;
    String source = config.platform().name().toLowerCase(java.util.Locale.ROOT) + ":optin:" + type
        + (status.isEmpty() ? "" : ":" + status.toLowerCase(java.util.Locale.ROOT));
    return new ConsentSignal(List.of(person), channel(), marketing ? Purpose.MARKETING : Purpose.SERVICE, answer,
        source.length() <= 128 ? source : source.substring(0, 128), at);
  }

  private static Attachment attachment(ObjectNode a, String path) {
    String type = JsonBody.optText(a, "type", path).orElse("unknown");
    Optional<ObjectNode> payload = JsonBody.optObj(a, "payload", path);
    String p = path + ".payload";
    Optional<String> url = payload.flatMap(x -> JsonBody.optText(x, "url", p));
    Optional<String> title = JsonBody.optText(a, "title", path)
        .or(() -> payload.flatMap(x -> JsonBody.optText(x, "title", p)));
    if (payload.isPresent() && payload.get().hasNonNull("sticker_id")) {
      return new Attachment("sticker", url, JsonBody.optText(payload.get(), "sticker_id", p), Optional.empty(), title);
    }
    if (type.equals("location") && payload.isPresent()) {
      Optional<ObjectNode> c = JsonBody.optObj(payload.get(), "coordinates", p);
      if (c.isPresent()) {
        String geo = "geo:" + Parsing.decimal(c.get(), "lat", p + ".coordinates") + ","
            + Parsing.decimal(c.get(), "long", p + ".coordinates");
        return new Attachment("location", Optional.of(geo), Optional.empty(), Optional.empty(), title);
      }
    }
    return new Attachment(type, url, Optional.empty(), Optional.empty(), title);
  }

  private Identity handle(String id, String path) {
    return Parsing.handle(config.platform().identityKind(), id, path);
  }

  private static Instant time(Optional<Instant> stamp, Optional<Instant> entryTime, String path) {
    return stamp.or(() -> entryTime).orElseThrow(() -> JsonBody.wrongType(path + ".timestamp", "an integer", null));
  }

  // ------------------------------------------------------------------ outbound

  /**
   * Sends the text, or one attachment by URL, with one HTTP attempt through the Send API.
   *
   * @return the receipt with Meta's {@code message_id}
   * @throws DeliveryException classified as in the class comment; {@link Reason#REJECTED} without a
   *     call when the recipient is of another kind, a template is asked for (not supported here), or
   *     text and attachments are combined (Meta takes them as separate messages)
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    Identity to = message.recipient();
    if (to.kind() != config.platform().identityKind()) {
      throw http.failure(Reason.REJECTED, null, null,
          "recipient must be a " + config.platform().identityKind() + " identity, was: " + to.kind());
    }
    if (message.template().isPresent()) {
      throw http.failure(Reason.REJECTED, null, null, "templates are not supported on " + config.platform());
    }
    if (message.attachments().size() > 1 || (message.text().isPresent() && !message.attachments().isEmpty())) {
      throw http.failure(Reason.REJECTED, null, null, "send text or one attachment per message, not both");
    }
    ObjectNode body = JsonBody.MAPPER.createObjectNode();
    body.putObject("recipient").put("id", to.value());
    boolean messenger = config.platform() == MetaConfig.Platform.MESSENGER;
    if (messenger) {
      body.put("messaging_type", "RESPONSE");
    }
    ObjectNode m = body.putObject("message");
    if (message.attachments().isEmpty()) {
      m.put("text", message.text().orElseThrow());
    } else {
      Attachment a = message.attachments().get(0);
      if (a.url().isEmpty()) {
        throw http.failure(Reason.REJECTED, null, null, "attachment needs a url");
      }
      String type = switch (a.kind()) {
        case "image", "video", "audio" -> a.kind();
        default -> "file";
      };
      ObjectNode attachment = m.putObject("attachment");
      attachment.put("type", type);
      attachment.putObject("payload").put("url", a.url().get());
    }
    if (messenger) {
      m.put("metadata", OMNI_METADATA_PREFIX + message.idempotencyKey());
    }
    HttpUrl url = HttpUrl.get(config.apiBaseUrl()).newBuilder().addPathSegment(config.apiVersion())
        .addPathSegment(config.accountId()).addPathSegment("messages").build();
    Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + config.accessToken())
        .post(RequestBody.create(body.toString(), JSON)).build();
    ProviderHttp.Answer answer = http.call(request);
    if (answer.ok()) {
      JsonNode id = Parsing.lenient(answer.body()).path("message_id");
      if (id.isTextual() && !id.asText().isBlank()) {
        return new SendReceipt(id.asText(), DeliveryStatus.SENT);
      }
      // Accepted, so most likely sent: retrying would send it twice.
      throw http.failure(Reason.REJECTED, null, null, "accepted without message_id: " + Parsing.abbreviate(answer.body()));
    }
    throw classify(answer);
  }

  private DeliveryException classify(ProviderHttp.Answer answer) {
    Optional<GraphError> parsed = GraphError.parse(answer.body());
    if (parsed.isEmpty()) {
      return http.byStatus(answer, null, Parsing.abbreviate(answer.body()));
    }
    GraphError e = parsed.get();
    int c = e.code();
    Reason reason;
    if (c == 4 || c == 613) {
      reason = Reason.RATE_LIMITED;
    } else if (c == 1 || c == 2 || c == 1200) {
      reason = Reason.TEMPORARY;
    } else if (c == 190) {
      reason = Reason.UNAUTHORIZED;
    } else if (c == 551 || (c == 100 && e.subcode() == 2018001)) {
      reason = Reason.RECIPIENT_UNREACHABLE;
    } else if (c == 10 && (e.subcode() == 2018278 || e.subcode() == 2534022
        || e.message().toLowerCase(Locale.ROOT).contains("outside of allowed window"))) {
      reason = Reason.OUTSIDE_SERVICE_WINDOW;
    } else if (c == 10 || (c >= 200 && c <= 299)) {
      reason = Reason.UNAUTHORIZED;
    } else if (answer.status() == 429) {
      reason = Reason.RATE_LIMITED;
    } else if (answer.status() >= 500) {
      reason = Reason.TEMPORARY;
    } else {
      reason = Reason.REJECTED;
    }
    return http.failure(reason, c < 0 ? null : Integer.toString(c), answer.retryAfter().orElse(null),
        "HTTP " + answer.status() + ": " + e.describe());
  }
}
