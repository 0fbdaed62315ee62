package io.github.omnictx.channels.vk;

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
import io.github.omnictx.core.channel.spi.ConsentSignal;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
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
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * VK community messages through the Callback API, and {@code messages.send}.
 *
 * <p>Every callback is a JSON object with {@code type}, {@code group_id}, {@code event_id} and the
 * {@code secret} of the server settings. A callback is genuine when its {@code secret} equals the
 * configured one (compared in constant time) and its {@code group_id} is this community's: a
 * wrong secret or another community is refused (403, nothing recorded), a missing secret too (401).
 * {@code confirmation} is the handshake: answered with the configured confirmation code as plain
 * text, for this community only (its {@code secret}, when VK sends one, must match too). Every other
 * callback is answered with the plain text {@code ok}: anything else makes VK deliver it again.
 *
 * <ul>
 *   <li>{@code message_new}: an {@link InboundTouch} from the {@link IdentityKind#VK} {@code from_id},
 *       time {@code date} (Unix seconds), text, and attachments: {@code photo} (an image, the URL of
 *       its largest size), {@code doc} (a file with its title and type), {@code link}, {@code
 *       audio_message}, {@code video}, {@code sticker}; each keeps VK's own reference ({@code
 *       photo<owner>_<id>_<access key>}) as its media id, which {@code messages.send} takes back.
 *       A message a community (negative {@code from_id}) wrote is ignored.
 *   <li>{@code message_reply}: the community's own message (an operator's answer in VK's inbox, or
 *       Omni's send coming back): an {@link Direction#OUTBOUND} touch about the {@code peer_id} it
 *       went to, never the customer's words.
 *   <li>{@code message_edit}: a {@link MessageChange} edit of the message recorded under the same
 *       id, dated {@code update_time}; an edit that leaves no text is ignored.
 *   <li>{@code message_allow}: {@link ConsentSignal}s granting {@link Purpose#SERVICE} and {@link
 *       Purpose#TRANSACTIONAL} on VK (VK's permission to message is no marketing opt-in);
 *       {@code message_deny}: every purpose revoked, as VK refuses every message from then on. The
 *       callbacks carry no time, so the answer is dated by the adapter's clock on arrival.
 *   <li>Typing and read notifications, and every other type: ignored (recognised, answered {@code ok}).
 * </ul>
 *
 * <p>Deduplication: VK redelivers a callback with the same {@code event_id} and the same message;
 * the touch's external id is the message {@code id} (in a group chat, where VK sends id 0, {@code
 * <peer_id>_<conversation_message_id>}), so a redelivery records nothing new. The payload kept on
 * the timeline is the callback without its {@code secret}.
 *
 * <p>Outbound, to a {@link IdentityKind#VK} user: {@code messages.send} with {@code peer_id}, the
 * text, media by VK reference ({@code attachment}), and {@code random_id} derived from Omni's
 * idempotency key, by which VK drops a repeated send. VK answers HTTP 200 with {@code response}
 * (the message id) or {@code error.error_code}: 6, 9 and 29 (rate limits) {@link
 * Reason#RATE_LIMITED}; 1 and 10 {@link Reason#TEMPORARY}; 901, 900 and 902 (the user has not
 * allowed messages, blocked the community, or forbids them) {@link Reason#RECIPIENT_UNREACHABLE},
 * never retried; 5, 7, 15, 27, 28 {@link Reason#UNAUTHORIZED}; everything else {@link
 * Reason#REJECTED}.
 *
 * <p>Immutable and thread-safe.
 */
public final class VkAdapter implements InboundAdapter, OutboundAdapter {
  private static final Pattern MEDIA_REF =
      Pattern.compile("(photo|doc|video|audio|audio_message|wall|market|poll)-?[0-9]{1,20}_[0-9]{1,20}(_[A-Za-z0-9]{1,64})?");
  private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,18}");

  private final VkConfig config;
  private final ProviderHttp http;

  /**
   * Creates the adapter.
   *
   * @param config the community's configuration
   */
  public VkAdapter(VkConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = new ProviderHttp(config.id(), config.httpClient(), config.clock());
  }

  /**
   * The recommended resilience for VK: a community token may call the API 20 times a second; 4
   * attempts.
   *
   * @param adapter the adapter to wrap
   * @return a builder to adjust or {@link ResilientAdapter.Builder#build() build}
   */
  public static ResilientAdapter.Builder resilient(VkAdapter adapter) {
    return ResilientAdapter.builder(adapter).rateLimit(20, Duration.ofSeconds(5));
  }

  /** @return the configuration */
  public VkConfig config() {
    return config;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public ChannelId channel() {
    return Channels.VK.id();
  }

  /**
   * Answers VK's {@code confirmation} with the confirmation code.
   *
   * @throws SignatureException if the confirmation is for another community or carries a wrong secret
   */
  @Override
  public Optional<WebhookResponse> handshake(WebhookRequest request) {
    if (!request.method().equals("POST")) {
      return Optional.empty();
    }
    JsonNode root = Parsing.lenient(new String(request.body(), StandardCharsets.UTF_8));
    if (!root.isObject() || !root.path("type").asText("").equals("confirmation")) {
      return Optional.empty();
    }
    checkGroup(root);
    JsonNode secret = root.get("secret");
    if (secret != null && !secret.isNull()) {
      checkSecret(secret);
    }
    return Optional.of(WebhookResponse.text(200, config.confirmationCode()));
  }

  /**
   * Checks the callback's {@code secret} (constant time) and {@code group_id}.
   *
   * @throws SignatureException if the secret is missing or wrong, or the group another community
   * @throws InvalidInputException if the body is not a JSON object
   */
  @Override
  public void verify(WebhookRequest request) {
    ObjectNode root = JsonBody.object(request);
    JsonNode secret = root.get("secret");
    if (secret == null || secret.isNull()) {
      throw new SignatureException("secret is missing from the callback", true);
    }
    checkSecret(secret);
    checkGroup(root);
  }

  private void checkSecret(JsonNode secret) {
    if (!secret.isTextual() || !Hmac.constantTimeEquals(config.secret(), secret.asText())) {
      throw new SignatureException("secret does not match", false);
    }
  }

  private void checkGroup(JsonNode root) {
    JsonNode group = root.get("group_id");
    if (group == null || !group.canConvertToLong() || !group.isIntegralNumber() || group.longValue() != config.groupId()) {
      throw new SignatureException("group_id is not this community's (" + config.groupId() + ")", false);
    }
  }

  /**
   * Parses one callback (see the class comment).
   *
   * @throws InvalidInputException if the body is not a VK callback or a field has the wrong type
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    try {
      ObjectNode root = JsonBody.object(request);
      String type = JsonBody.text(root, "type", "body");
      ObjectNode payload = root.deepCopy();
      payload.remove("secret");
      return switch (type) {
        case "message_new" -> List.of(incoming(JsonBody.obj(JsonBody.obj(root, "object", "body"), "message",
            "body.object"), payload));
        case "message_reply" -> List.of(reply(JsonBody.obj(root, "object", "body"), payload));
        case "message_edit" -> List.of(edit(JsonBody.obj(root, "object", "body")));
        case "message_allow", "message_deny" -> permission(type, JsonBody.obj(root, "object", "body"));
        case "confirmation" -> List.of(new IgnoredEvent(type, "VK's server confirmation, answered by the handshake"));
        case "message_typing_state", "message_read", "message_event" ->
            List.of(new IgnoredEvent(type, "not a message"));
        default -> List.of(new IgnoredEvent(type.length() > 64 ? type.substring(0, 64) : type,
            "not a community message"));
      };
    } catch (IllegalArgumentException e) {
      // a value type refused a field (NUL, an unpaired surrogate, a time out of range, a deep payload)
      throw new InvalidInputException("body", e.getMessage(), e);
    }
  }

  private InboundEvent incoming(ObjectNode m, ObjectNode payload) {
    String p = "body.object.message";
    long from = JsonBody.integer(m, "from_id", p);
    if (from <= 0) {
      return new IgnoredEvent("message_new", "a community wrote, not a person");
    }
    return touch(m, p, VkMessages.user(from, p + ".from_id"), Direction.INBOUND, payload);
  }

  private InboundEvent reply(ObjectNode m, ObjectNode payload) {
    String p = "body.object";
    long peer = JsonBody.integer(m, "peer_id", p);
    if (peer <= 0 || peer >= VkMessages.CHAT_PEER_OFFSET) {
      return new IgnoredEvent("message_reply", "the community wrote in a group chat, to no one customer");
    }
    return touch(m, p, VkMessages.user(peer, p + ".peer_id"), Direction.OUTBOUND, payload);
  }

  private InboundTouch touch(ObjectNode m, String p, Identity who, Direction direction, ObjectNode payload) {
    String id = VkMessages.externalId(m, p);
    List<Attachment> attachments = VkMessages.attachments(m, p);
    return new InboundTouch(id, List.of(who), Optional.empty(), JsonBody.epochSeconds(m, "date", p, config.clock()),
        TouchpointType.MESSAGE, direction, JsonBody.optText(m, "text", p), attachments, Optional.empty(), payload);
  }

  private InboundEvent edit(ObjectNode m) {
    String p = "body.object";
    String id = VkMessages.externalId(m, p);
    Optional<String> text = JsonBody.optText(m, "text", p);
    if (text.isEmpty()) {
      return new IgnoredEvent("message_edit", "an edit that leaves no text: the recorded message stays as it was");
    }
    Instant at = JsonBody.epochSeconds(m, m.hasNonNull("update_time") ? "update_time" : "date", p, config.clock());
    return MessageChange.edit(id, text.get(), at);
  }

  /**
   * {@code message_allow}: the service and transactional messages VK now lets the community send
   * are granted; {@code message_deny}: every purpose is revoked, since VK refuses every message
   * from then on (901). Neither callback carries a time: it is the time of arrival.
   */
  private List<InboundEvent> permission(String type, ObjectNode object) {
    Identity user = VkMessages.user(JsonBody.integer(object, "user_id", "body.object"), "body.object.user_id");
    Instant now = config.clock().instant();
    String source = "vk:" + type;
    if (type.equals("message_allow")) {
      return List.of(new ConsentSignal(List.of(user), Channels.VK.id(), Purpose.SERVICE, ConsentStatus.GRANTED, source, now),
          new ConsentSignal(List.of(user), Channels.VK.id(), Purpose.TRANSACTIONAL, ConsentStatus.GRANTED, source, now));
    }
    List<InboundEvent> revoked = new ArrayList<>();
    for (Purpose purpose : Purpose.values()) {
      revoked.add(new ConsentSignal(List.of(user), Channels.VK.id(), purpose, ConsentStatus.REVOKED, source, now));
    }
    return revoked;
  }

  /** @return {@code ok} as plain text: VK delivers again anything else */
  @Override
  public WebhookResponse acknowledge() {
    return WebhookResponse.text(200, "ok");
  }

  // ------------------------------------------------------------------ outbound

  /**
   * Sends the text and media by VK reference with one {@code messages.send} call.
   *
   * @return the receipt with VK's message id
   * @throws DeliveryException classified as in the class comment; {@link Reason#REJECTED} without a
   *     call for a recipient of another kind, a template, or an attachment without a VK reference
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    Identity to = message.recipient();
    if (to.kind() != IdentityKind.VK || !USER_ID.matcher(to.value()).matches()) {
      throw http.failure(Reason.REJECTED, null, null, "recipient must be a VK user id, was: " + to.kind());
    }
    if (message.template().isPresent()) {
      throw http.failure(Reason.REJECTED, null, null, "VK community messages have no templates");
    }
    List<String> refs = new ArrayList<>();
    for (Attachment a : message.attachments()) {
      Optional<String> ref = a.mediaId().filter(r -> MEDIA_REF.matcher(r).matches());
      if (ref.isEmpty()) {
        throw http.failure(Reason.REJECTED, null, null, "VK sends media uploaded to VK: attach it by its VK reference"
            + " (photo<owner>_<id>), not by URL");
      }
      refs.add(ref.get());
    }
    FormBody.Builder form = new FormBody.Builder()
        .add("peer_id", to.value())
        .add("random_id", Integer.toString(randomId(message.idempotencyKey())))
        .add("v", config.apiVersion())
        .add("access_token", config.accessToken());
    message.text().ifPresent(t -> form.add("message", t));
    if (!refs.isEmpty()) {
      form.add("attachment", String.join(",", refs));
    }
    HttpUrl url = HttpUrl.get(config.apiBaseUrl()).newBuilder().addPathSegment("method").addPathSegment("messages.send")
        .build();
    ProviderHttp.Answer answer = http.call(new Request.Builder().url(url).post(form.build()).build());
    if (!answer.ok()) {
      throw http.byStatus(answer, null, Parsing.abbreviate(answer.body()));
    }
    JsonNode reply = Parsing.lenient(answer.body());
    JsonNode response = reply.path("response");
    if (response.isIntegralNumber() && response.canConvertToLong() && response.longValue() > 0) {
      return new SendReceipt(Long.toString(response.longValue()), DeliveryStatus.SENT);
    }
    JsonNode error = reply.path("error");
    if (!error.path("error_code").isIntegralNumber()) {
      // HTTP 200 with neither: it may have been sent, and random_id would drop a retry anyway
      throw http.failure(Reason.REJECTED, null, null, "answer without response or error: "
          + Parsing.abbreviate(answer.body()));
    }
    int code = error.path("error_code").intValue();
    Reason reason = switch (code) {
      case 6, 9, 29 -> Reason.RATE_LIMITED;
      case 1, 10 -> Reason.TEMPORARY;
      case 900, 901, 902 -> Reason.RECIPIENT_UNREACHABLE;
      case 5, 7, 15, 27, 28 -> Reason.UNAUTHORIZED;
      default -> Reason.REJECTED;
    };
    String text = error.path("error_msg").isTextual() ? error.path("error_msg").asText() : "no error_msg";
    throw http.failure(reason, Integer.toString(code), answer.retryAfter().orElse(null),
        "error " + code + ": " + Parsing.abbreviate(text));
  }

  /**
   * The {@code random_id} for an idempotency key: the first 31 bits of its SHA-256, the same for
   * every retry of one message, so VK drops the repeats.
   *
   * @param idempotencyKey Omni's id for the message
   * @return a non-negative 32-bit integer
   */
  static int randomId(String idempotencyKey) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return ((d[0] & 0x7f) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
