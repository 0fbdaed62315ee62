package io.github.omnictx.examples.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An adapter as a team outside Omni would write one, for a small SMS gateway (fictional, described
 * in {@code src/test/resources/example-sms/README.md}): it receives messages and delivery statuses
 * as signed JSON webhooks and sends text messages through the gateway's REST API. It uses nothing of
 * omni-channels' internals, only the SPI of omni-core and the JDK's HTTP client; its test, {@link
 * ExampleSmsGatewayContractTest}, extends the contract tests published in omni-channels' test-jar.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExampleSmsGateway implements InboundAdapter, OutboundAdapter {
  /** The header carrying {@code v1=<hex HMAC-SHA256 of the raw body>}. */
  public static final String SIGNATURE_HEADER = "X-Example-Signature";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final byte[] webhookSecret;
  private final String apiKey;
  private final String from;
  private final URI messages;
  private final HttpClient http;

  /**
   * @param webhookSecret the secret the gateway signs webhooks with
   * @param apiKey the API key for sending
   * @param from the sending number, E.164
   * @param apiBaseUrl the gateway's API base URL, ending in {@code /}
   * @throws IllegalArgumentException if a value is blank, the number not E.164 or the URL not
   *     absolute HTTP(S) ending in {@code /}
   */
  public ExampleSmsGateway(String webhookSecret, String apiKey, String from, String apiBaseUrl) {
    this.webhookSecret = required(webhookSecret, "webhookSecret").getBytes(StandardCharsets.UTF_8);
    this.apiKey = required(apiKey, "apiKey");
    this.from = Identity.phone(required(from, "from")).value();
    URI base = URI.create(required(apiBaseUrl, "apiBaseUrl"));
    if (!base.isAbsolute() || !base.getScheme().startsWith("http") || !apiBaseUrl.endsWith("/")) {
      throw new IllegalArgumentException("apiBaseUrl must be an http(s) URL ending in /, was: " + apiBaseUrl);
    }
    this.messages = base.resolve("v1/messages");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, was: " + (value == null ? "null" : "\"" + value + "\""));
    }
    return value;
  }

  @Override
  public String id() {
    return "example-sms";
  }

  @Override
  public ChannelId channel() {
    return Channels.SMS.id();
  }

  /**
   * Checks {@value #SIGNATURE_HEADER} against the HMAC of the raw body, in constant time.
   *
   * @param request the request
   * @throws SignatureException missing without the header, wrong when it does not match
   */
  @Override
  public void verify(WebhookRequest request) {
    String given = request.header(SIGNATURE_HEADER)
        .orElseThrow(() -> new SignatureException(SIGNATURE_HEADER + " header is missing", true));
    byte[] expected = ("v1=" + HexFormat.of().formatHex(hmac(request.body()))).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given.strip().getBytes(StandardCharsets.US_ASCII))) {
      throw new SignatureException(SIGNATURE_HEADER + " does not match the body", false);
    }
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(webhookSecret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Parses one webhook: {@code message.received} into an inbound SMS or MMS, {@code
   * message.status} into a delivery update, anything else into an ignored event.
   *
   * @param request a verified request
   * @return the one event
   * @throws InvalidInputException if the body is not the gateway's format
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    JsonNode root;
    try {
      root = JSON.readTree(request.body());
    } catch (IOException e) {
      throw new InvalidInputException("body", "body must be JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("body", "body must be a JSON object");
    }
    try {
      return List.of(switch (text(root, "type")) {
        case "message.received" -> message(root);
        case "message.status" -> status(root);
        default -> new IgnoredEvent(text(root, "type"), "not a message or a status");
      });
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new InvalidInputException("body", "body is not a gateway event: " + e.getMessage(), e);
    }
  }

  private static InboundTouch message(JsonNode root) {
    List<Attachment> media = new ArrayList<>();
    JsonNode list = root.path("media");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new InvalidInputException("media", "media must be an array, was: " + list.getNodeType());
    }
    for (JsonNode m : list) {
      if (!m.isObject()) {
        throw new InvalidInputException("media", "media entries must be objects, was: " + m.getNodeType());
      }
      media.add(new Attachment("image", Optional.of(text(m, "url")), Optional.empty(), optText(m, "content_type"),
          Optional.empty()));
    }
    return new InboundTouch(text(root, "id"), List.of(Identity.phone(text(root, "from"))), Optional.empty(),
        Instant.parse(text(root, "received_at")), TouchpointType.MESSAGE, Direction.INBOUND, optText(root, "text"),
        media, Optional.empty(), root);
  }

  private static DeliveryUpdate status(JsonNode root) {
    DeliveryStatus status = switch (text(root, "status")) {
      case "queued" -> DeliveryStatus.QUEUED;
      case "sent" -> DeliveryStatus.SENT;
      case "delivered" -> DeliveryStatus.DELIVERED;
      case "failed" -> DeliveryStatus.FAILED;
      default -> throw new InvalidInputException("status", "status must be queued, sent, delivered or failed, was: "
          + root.get("status"));
    };
    return new DeliveryUpdate(text(root, "message_id"), status, Instant.parse(text(root, "at")),
        optText(root, "error_code"), Optional.empty());
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new InvalidInputException(field, field + " must be a non-blank string, was: " + v);
    }
    return v.asText();
  }

  private static Optional<String> optText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new InvalidInputException(field, field + " must be a string, was: " + v);
    }
    return Optional.of(v.asText());
  }

  /**
   * Sends a text message with one attempt.
   *
   * @param message a text message to a phone number
   * @return the gateway's id for the message, queued
   * @throws DeliveryException 429 rate limited (with its Retry-After), 5xx or I/O temporary,
   *     401/403 unauthorised, 400 {@code invalid_recipient} unreachable, other refusals rejected;
   *     a message with attachments or a template, or to another kind of identity, rejected unsent
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    if (message.recipient().kind() != IdentityKind.PHONE || message.text().isEmpty()
        || !message.attachments().isEmpty() || message.template().isPresent()) {
      throw new DeliveryException(id(), Reason.REJECTED, null, null,
          "the gateway sends plain text to phone numbers only", null);
    }
    ObjectNode body = JSON.createObjectNode().put("from", from).put("to", message.recipient().value())
        .put("text", message.text().get()).put("reference", message.idempotencyKey());
    HttpRequest request = HttpRequest.newBuilder(messages).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DeliveryException(id(), Reason.TEMPORARY, null, null, "gateway unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(id(), Reason.TEMPORARY, null, null, "interrupted while sending", e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return new SendReceipt(acceptedId(response.body()), DeliveryStatus.QUEUED);
    }
    String code = errorCode(response.body());
    Reason reason = status == 429 ? Reason.RATE_LIMITED
        : status >= 500 ? Reason.TEMPORARY
        : status == 401 || status == 403 ? Reason.UNAUTHORIZED
        : "invalid_recipient".equals(code) ? Reason.RECIPIENT_UNREACHABLE
        : Reason.REJECTED;
    Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(ExampleSmsGateway::seconds).orElse(null);
    throw new DeliveryException(id(), reason, code, retryAfter, "gateway answered " + status, null);
  }

  private String acceptedId(String body) {
    try {
      JsonNode id = JSON.readTree(body).get("id");
      if (id != null && id.isTextual() && !id.asText().isBlank()) {
        return id.asText();
      }
    } catch (IOException e) {
      // falls through: an accepted message without a readable id
    }
    throw new DeliveryException(id(), Reason.TEMPORARY, null, null, "gateway accepted the message without an id", null);
  }

  private static String errorCode(String body) {
    try {
      JsonNode code = JSON.readTree(body).path("error").path("code");
      return code.isTextual() ? code.asText().toLowerCase(Locale.ROOT) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
