package io.github.omnictx.channels.webchat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.JsonValues;
import io.github.omnictx.channels.internal.ProviderHttp;
import io.github.omnictx.channels.internal.SignedJson;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The retailer's own web or app chat (id and channel {@code web-chat} or {@code app-chat}), in the
 * signed JSON format described in the {@linkplain io.github.omnictx.channels.webchat package
 * documentation}: visitor messages and delivery statuses in, replies out to the chat backend's
 * callback URL, both directions signed the same way. Immutable and thread-safe.
 */
public final class WebChatAdapter implements InboundAdapter, OutboundAdapter {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_ATTACHMENTS = 20;

  private final WebChatConfig config;
  private final SignedJson signing;
  private final ProviderHttp http;

  /**
   * @param config the configuration
   */
  public WebChatAdapter(WebChatConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
    this.signing = new SignedJson(config.secret(), config.replayWindow(), config.clock());
    this.http = new ProviderHttp(id(), config.httpClient(), config.clock());
  }

  /** @return {@code web-chat} or {@code app-chat} */
  @Override
  public String id() {
    return config.channel().value();
  }

  @Override
  public ChannelId channel() {
    return config.channel();
  }

  /**
   * Checks {@code X-Omni-Timestamp} and {@code X-Omni-Signature} over the raw body.
   *
   * @param request the request
   * @throws SignatureException missing without the headers; wrong if the signature does not match
   *     or the timestamp is outside the replay window
   */
  @Override
  public void verify(WebhookRequest request) {
    signing.verify(request);
  }

  /**
   * Parses a visitor message or a delivery status.
   *
   * @param request a verified request
   * @return one {@link InboundTouch} or {@link DeliveryUpdate}
   * @throws InvalidInputException if the body is not the documented format
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    ObjectNode body = JsonBody.object(request);
    String type = JsonBody.optText(body, "type", "body").orElse("message");
    try {
      return List.of(type.equals("status") ? status(body) : message(body, type));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("body", e.getMessage(), e);
    }
  }

  private InboundTouch message(ObjectNode body, String type) {
    String id = JsonBody.text(body, "id", "body");
    ObjectNode visitor = JsonBody.obj(body, "visitor", "body");
    List<Identity> sender = new ArrayList<>();
    JsonValues.optIdentity(visitor, "deviceId", "body.visitor", IdentityKind.DEVICE).ifPresent(sender::add);
    JsonValues.optIdentity(visitor, "customerId", "body.visitor", IdentityKind.EXTERNAL).ifPresent(sender::add);
    JsonValues.optIdentity(visitor, "email", "body.visitor", IdentityKind.EMAIL).ifPresent(sender::add);
    // the shop's backend signs the visitor's account data: a possible number is taken, as in an import
    JsonValues.optVouchedPhone(visitor, "phone", "body.visitor", Optional.empty()).ifPresent(sender::add);
    if (sender.isEmpty() || sender.get(0).kind() != IdentityKind.DEVICE) {
      throw JsonBody.wrongType("body.visitor.deviceId", "a string", visitor.get("deviceId"));
    }
    Instant sentAt = JsonValues.instant(body, "sentAt", "body");
    Direction direction = switch (JsonBody.optText(body, "direction", "body").orElse("inbound")) {
      case "inbound" -> Direction.INBOUND;
      case "outbound" -> Direction.OUTBOUND;
      default -> throw new InvalidInputException("body.direction", "body.direction must be inbound or outbound, was: "
          + body.get("direction"));
    };
    TouchpointType touchType;
    try {
      touchType = TouchpointType.of(type);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("body.type", "body.type: " + e.getMessage(), e);
    }
    JsonNode list = JsonBody.array(body, "attachments", "body", false);
    if (list.size() > MAX_ATTACHMENTS) {
      throw new InvalidInputException("body.attachments", "body.attachments may hold at most " + MAX_ATTACHMENTS
          + ", was: " + list.size());
    }
    List<Attachment> attachments = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "body.attachments[" + i + "]";
      JsonNode a = list.get(i);
      if (!a.isObject()) {
        throw JsonBody.wrongType(path, "an object", a);
      }
      Optional<String> url = JsonBody.optText(a, "url", path);
      Optional<String> mediaId = JsonBody.optText(a, "mediaId", path);
      if (url.isEmpty() && mediaId.isEmpty()) {
        throw new InvalidInputException(path + ".url", path + " needs a url or a mediaId");
      }
      attachments.add(new Attachment(JsonBody.text(a, "kind", path), url, mediaId, JsonBody.optText(a, "mimeType", path),
          JsonBody.optText(a, "caption", path)));
    }
    Optional<String> text = JsonBody.optText(body, "text", "body");
    return new InboundTouch(id, sender, JsonBody.optText(visitor, "name", "body.visitor"), sentAt, touchType, direction,
        text, attachments, JsonBody.optText(body, "topic", "body"), body);
  }

  private DeliveryUpdate status(ObjectNode body) {
    String messageId = JsonBody.text(body, "messageId", "body");
    String status = JsonBody.text(body, "status", "body");
    DeliveryStatus mapped = switch (status.toLowerCase(Locale.ROOT)) {
      case "sent" -> DeliveryStatus.SENT;
      case "delivered" -> DeliveryStatus.DELIVERED;
      case "read" -> DeliveryStatus.READ;
      case "failed" -> DeliveryStatus.FAILED;
      default -> throw new InvalidInputException("body.status",
          "body.status must be sent, delivered, read or failed, was: " + body.get("status"));
    };
    return new DeliveryUpdate(messageId, mapped, JsonValues.instant(body, "occurredAt", "body"),
        JsonBody.optText(body, "errorCode", "body"), JsonBody.optText(body, "error", "body"));
  }

  /**
   * @return whether a callback URL is configured, which replies are posted to
   */
  @Override
  public boolean sends() {
    return config.callbackUrl().isPresent();
  }

  /**
   * Posts a reply to the chat backend's callback URL, signed like inbound requests.
   *
   * @param message the reply; usually addressed to the visitor's DEVICE identity
   * @return the backend's id for the message (Omni's idempotency key if it returned none)
   * @throws DeliveryException 429 rate limited, 5xx or I/O temporary, 401/403 unauthorised, other
   *     4xx rejected
   * @throws UnsupportedOperationException if no callback URL is configured
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    if (config.callbackUrl().isEmpty()) {
      throw new UnsupportedOperationException(id() + " has no callbackUrl configured, so it cannot send");
    }
    ObjectNode out = JsonBody.MAPPER.createObjectNode();
    out.put("id", message.idempotencyKey());
    out.putObject("recipient").put("kind", message.recipient().kind().name()).put("value", message.recipient().value());
    message.text().ifPresent(t -> out.put("text", t));
    ArrayNode attachments = out.putArray("attachments");
    for (Attachment a : message.attachments()) {
      ObjectNode o = attachments.addObject().put("kind", a.kind());
      a.url().ifPresent(v -> o.put("url", v));
      a.mediaId().ifPresent(v -> o.put("mediaId", v));
      a.mimeType().ifPresent(v -> o.put("mimeType", v));
      a.caption().ifPresent(v -> o.put("caption", v));
    }
    message.template().ifPresent(t -> {
      ObjectNode o = out.putObject("template").put("name", t.name()).put("language", t.language());
      ArrayNode p = o.putArray("parameters");
      t.parameters().forEach(p::add);
    });
    byte[] bytes = out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Request.Builder request = new Request.Builder().url(config.callbackUrl().get()).post(RequestBody.create(bytes, JSON));
    for (Map.Entry<String, String> h : signing.headers(bytes).entrySet()) {
      request.header(h.getKey(), h.getValue());
    }
    ProviderHttp.Answer answer = http.call(request.build());
    String said = answer.body();
    JsonNode json = null;
    try {
      json = answer.body().isBlank() ? null : JsonBody.MAPPER.readTree(answer.body());
      if (json != null && json.path("error").isTextual()) {
        said = json.path("error").asText();
      }
    } catch (IOException notJson) {
      // keep the text
    }
    if (!answer.ok()) {
      throw http.byStatus(answer, null, said);
    }
    String id = json != null && json.path("id").isValueNode() && !json.path("id").asText().isBlank()
        ? json.path("id").asText() : message.idempotencyKey();
    return new SendReceipt(id, DeliveryStatus.SENT);
  }
}
