package io.github.omnictx.channels.apns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.channels.internal.ProviderHttp;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Apple Push Notification service: {@code POST /3/device/<device token>} over HTTP/2 with a
 * provider token ({@code authorization: bearer <ES256 JWT>}, reused for 50 minutes), {@code
 * apns-topic} the bundle id, {@code apns-push-type: alert}, and {@code apns-id} derived from
 * Omni's idempotency key (the key itself when it is a UUID, else a name-based UUID of it), so a
 * retried send carries the same id.
 *
 * <p>The recipient is a {@link IdentityKind#DEVICE} identity holding the hex device token the app
 * registered; the text becomes {@code aps.alert.body}, the idempotency key {@code omni.id}.
 * Attachments and templates are refused without a call (APNs carries neither). Answers, from the
 * JSON {@code reason}: 410 {@code Unregistered} and 400 {@code BadDeviceToken} / {@code
 * DeviceTokenNotForTopic} are {@link Reason#RECIPIENT_UNREACHABLE} (the token is gone: stop
 * sending to that identity); 429 {@link Reason#RATE_LIMITED}; 5xx {@link Reason#TEMPORARY}; 403
 * {@code ExpiredProviderToken} is {@link Reason#TEMPORARY} after dropping the cached token (the
 * retry signs a fresh one), other 403 {@link Reason#UNAUTHORIZED}; everything else {@link
 * Reason#REJECTED}. The receipt's id is the {@code apns-id} APNs answered with.
 *
 * <p>Outbound only: APNs sends no webhooks. Immutable and thread-safe.
 */
public final class ApnsAdapter implements OutboundAdapter {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern DEVICE_TOKEN = Pattern.compile("[0-9a-fA-F]{32,200}");
  /** APNs refuses alert payloads above 4 kB. */
  private static final int MAX_PAYLOAD_BYTES = 4096;

  private final ApnsConfig config;
  private final ProviderHttp http;
  private final ProviderToken token;

  /**
   * Creates the adapter.
   *
   * @param config the app's configuration
   */
  public ApnsAdapter(ApnsConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = new ProviderHttp(config.id(), config.httpClient(), config.clock());
    this.token = new ProviderToken(config.key(), config.keyId(), config.teamId(), config.clock());
  }

  /**
   * The recommended resilience for APNs: Apple publishes no fixed rate, it answers 429 when a
   * device gets too many; 50 sends per second, 4 attempts.
   *
   * @param adapter the adapter to wrap
   * @return a builder to adjust or {@link ResilientAdapter.Builder#build() build}
   */
  public static ResilientAdapter.Builder resilient(ApnsAdapter adapter) {
    return ResilientAdapter.builder(adapter).rateLimit(50, Duration.ofSeconds(5));
  }

  /** @return the configuration */
  public ApnsConfig config() {
    return config;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public ChannelId channel() {
    return Channels.APPLE_PUSH.id();
  }

  /**
   * Sends one alert with one HTTP/2 attempt.
   *
   * @return the receipt, its id the {@code apns-id}
   * @throws DeliveryException classified as in the class comment; {@link Reason#REJECTED} without a
   *     call for a recipient that is no device token, a template, an attachment, or a payload over 4 kB
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    Identity to = message.recipient();
    if (to.kind() != IdentityKind.DEVICE || !DEVICE_TOKEN.matcher(to.value()).matches()) {
      throw http.failure(Reason.REJECTED, null, null, "recipient must be a DEVICE identity holding a hex APNs device"
          + " token, was: " + to.kind());
    }
    if (message.template().isPresent() || !message.attachments().isEmpty() || message.text().isEmpty()) {
      throw http.failure(Reason.REJECTED, null, null, "APNs sends a text alert: no template, no attachment");
    }
    ObjectNode body = JsonBody.MAPPER.createObjectNode();
    body.putObject("aps").putObject("alert").put("body", message.text().get());
    body.putObject("omni").put("id", message.idempotencyKey());
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_PAYLOAD_BYTES) {
      throw http.failure(Reason.REJECTED, "PayloadTooLarge", null, "the alert is " + bytes.length
          + " bytes, APNs takes at most " + MAX_PAYLOAD_BYTES);
    }
    String apnsId = apnsId(message.idempotencyKey());
    String jwt = token.jwt();
    HttpUrl url = HttpUrl.get(config.apiBaseUrl()).newBuilder().addPathSegment("3").addPathSegment("device")
        .addPathSegment(to.value()).build();
    Request request = new Request.Builder().url(url)
        .header("authorization", "bearer " + jwt)
        .header("apns-topic", config.topic())
        .header("apns-push-type", "alert")
        .header("apns-priority", "10")
        .header("apns-id", apnsId)
        .post(RequestBody.create(bytes, JSON)).build();
    ProviderHttp.Answer answer = http.call(request, "apns-id");
    if (answer.ok()) {
      return new SendReceipt(answer.header().filter(h -> !h.isBlank()).orElse(apnsId), DeliveryStatus.SENT);
    }
    JsonNode reply = Parsing.lenient(answer.body());
    String reason = reply.path("reason").isTextual() ? reply.path("reason").asText() : "";
    String code = reason.isEmpty() ? null : reason;
    String text = "HTTP " + answer.status() + (reason.isEmpty() ? ": " + Parsing.abbreviate(answer.body()) : ": " + reason);
    Duration wait = answer.retryAfter().orElse(null);
    int status = answer.status();
    if (status == 410 || reason.equals("Unregistered") || reason.equals("BadDeviceToken")
        || reason.equals("DeviceTokenNotForTopic")) {
      throw http.failure(Reason.RECIPIENT_UNREACHABLE, code, null, text);
    }
    if (reason.equals("ExpiredProviderToken")) {
      token.invalidate(jwt);
      throw http.failure(Reason.TEMPORARY, code, wait, text);
    }
    throw http.byStatus(answer, code, reason.isEmpty() ? Parsing.abbreviate(answer.body()) : reason);
  }

  /** The idempotency key as APNs' canonical UUID: itself if it is one, else a name-based UUID of it. */
  static String apnsId(String idempotencyKey) {
    try {
      UUID uuid = UUID.fromString(idempotencyKey);
      if (uuid.toString().equalsIgnoreCase(idempotencyKey)) {
        return uuid.toString();
      }
    } catch (IllegalArgumentException notAUuid) {
      // fall through to a name-based UUID
    }
    return UUID.nameUUIDFromBytes(idempotencyKey.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
