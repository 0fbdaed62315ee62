package io.github.omnictx.channels.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.channels.internal.ProviderHttp;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
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
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Firebase Cloud Messaging HTTP v1 adapter: sends a notification to one app install with {@code
 * POST v1/projects/{project}/messages:send}, authorised by the service account's OAuth 2 access
 * token (fetched and cached by the adapter, see {@link FcmConfig}).
 *
 * <p>The recipient is the device's FCM registration token as a {@link IdentityKind#DEVICE} identity.
 * The text is the notification body (under the configured title); one image attachment with a URL
 * becomes the notification image. FCM has no templates. FCM takes no idempotency key, so Omni's key
 * travels three ways that make a repeated send harmless: as {@code data.omni_message_id} (the app
 * can drop a message it has shown), as the Android {@code collapse_key} and as the APNs {@code
 * apns-collapse-id} (the device replaces, not adds, a notification with the same key). The receipt's
 * message id is FCM's {@code name} ({@code projects/…/messages/…}); FCM reports no delivery status
 * to the server, so receipts stop at {@code SENT}.
 *
 * <p>Errors, by the {@code FcmError} code in {@code error.details} or else {@code error.status}:
 * {@code UNREGISTERED} and {@code NOT_FOUND} (the app was uninstalled or the token expired) and
 * {@code SENDER_ID_MISMATCH} are {@link Reason#RECIPIENT_UNREACHABLE}, which makes Omni's dispatcher
 * stop using the token; {@code QUOTA_EXCEEDED} (429) {@link Reason#RATE_LIMITED} with {@code
 * Retry-After}; {@code UNAVAILABLE} and {@code INTERNAL} (5xx) and I/O {@link Reason#TEMPORARY}; a
 * 401 with a cached token drops the token and is {@link Reason#TEMPORARY} (the next attempt fetches
 * a new one), with a fresh token, {@code PERMISSION_DENIED} and {@code THIRD_PARTY_AUTH_ERROR} it is
 * {@link Reason#UNAUTHORIZED}; {@code INVALID_ARGUMENT} and other 4xx {@link Reason#REJECTED}.
 *
 * <p>Immutable apart from the token cache; thread-safe.
 */
public final class FcmAdapter implements OutboundAdapter {
  /** The data key carrying Omni's idempotency key to the app. */
  public static final String MESSAGE_ID_KEY = "omni_message_id";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int APNS_COLLAPSE_ID_MAX_BYTES = 64;

  private final FcmConfig config;
  private final ProviderHttp http;
  private final AccessTokens tokens;
  private final HttpUrl sendUrl;

  /**
   * Creates the adapter.
   *
   * @param config the project's configuration
   */
  public FcmAdapter(FcmConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = new ProviderHttp(config.id(), config.httpClient(), config.clock());
    this.tokens = new AccessTokens(config, http);
    this.sendUrl = HttpUrl.get(config.apiBaseUrl()).newBuilder().addPathSegment("v1").addPathSegment("projects")
        .addPathSegment(config.account().projectId()).addPathSegment("messages:send").build();
  }

  /**
   * The recommended resilience for FCM: the {@link ResilientAdapter} defaults (retries with backoff
   * honouring {@code Retry-After}, as FCM asks), at most 500 sends a second (below FCM's default
   * project quota of 600,000 a minute).
   *
   * @param adapter the adapter to wrap
   * @return a builder to adjust or {@link ResilientAdapter.Builder#build() build}
   */
  public static ResilientAdapter.Builder resilient(FcmAdapter adapter) {
    return ResilientAdapter.builder(adapter).rateLimit(500, Duration.ofSeconds(5));
  }

  /** @return the configuration */
  public FcmConfig config() {
    return config;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public ChannelId channel() {
    return Channels.PUSH.id();
  }

  /**
   * Sends one notification. One HTTP attempt, plus a token exchange when no valid token is cached.
   *
   * @return the receipt, its id FCM's message {@code name}
   * @throws DeliveryException classified as in the class comment; {@link Reason#REJECTED} without a
   *     call when the recipient is not a DEVICE identity, a template is asked for, there is no text,
   *     or the attachments are not one image with a URL
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    Identity to = message.recipient();
    if (to.kind() != IdentityKind.DEVICE) {
      throw http.failure(Reason.REJECTED, null, null, "recipient must be a DEVICE identity, was: " + to.kind());
    }
    if (message.template().isPresent()) {
      throw http.failure(Reason.REJECTED, null, null, "FCM has no message templates");
    }
    if (message.text().isEmpty()) {
      throw http.failure(Reason.REJECTED, null, null, "a push notification needs text");
    }
    ObjectNode notification = JsonBody.MAPPER.createObjectNode();
    config.title().ifPresent(t -> notification.put("title", t));
    notification.put("body", message.text().get());
    if (!message.attachments().isEmpty()) {
      Attachment a = message.attachments().get(0);
      if (message.attachments().size() > 1 || !"image".equals(a.kind()) || a.url().isEmpty()) {
        throw http.failure(Reason.REJECTED, null, null, "a push notification takes at most one image by URL");
      }
      notification.put("image", a.url().get());
    }
    String key = message.idempotencyKey();
    ObjectNode msg = JsonBody.MAPPER.createObjectNode();
    msg.put("token", to.value());
    msg.set("notification", notification);
    msg.putObject("data").put(MESSAGE_ID_KEY, key);
    msg.putObject("android").put("collapse_key", key);
    if (key.getBytes(StandardCharsets.UTF_8).length <= APNS_COLLAPSE_ID_MAX_BYTES) {
      msg.putObject("apns").putObject("headers").put("apns-collapse-id", key);
    }
    ObjectNode body = JsonBody.MAPPER.createObjectNode();
    body.set("message", msg);

    AccessTokens.Token token = tokens.current();
    Request request = new Request.Builder().url(sendUrl).header("Authorization", "Bearer " + token.value())
        .post(RequestBody.create(body.toString(), JSON)).build();
    ProviderHttp.Answer answer = http.call(request);
    JsonNode reply = Parsing.lenient(answer.body());
    if (answer.ok()) {
      JsonNode name = reply.path("name");
      if (name.isTextual() && !name.asText().isBlank()) {
        return new SendReceipt(name.asText(), DeliveryStatus.SENT);
      }
      // Accepted, so it was most likely sent: retrying would send it twice.
      throw http.failure(Reason.REJECTED, null, null, "accepted without a message name: "
          + Parsing.abbreviate(answer.body()));
    }
    throw classify(answer, reply, token);
  }

  private DeliveryException classify(ProviderHttp.Answer answer, JsonNode reply, AccessTokens.Token token) {
    JsonNode error = reply.path("error");
    String status = error.path("status").asText("");
    String fcmCode = "";
    for (JsonNode d : error.path("details")) {
      if (d.path("@type").asText("").endsWith("google.firebase.fcm.v1.FcmError") && d.path("errorCode").isTextual()) {
        fcmCode = d.path("errorCode").asText();
      }
    }
    String code = !fcmCode.isEmpty() ? fcmCode : !status.isEmpty() ? status : Integer.toString(answer.status());
    String text = "HTTP " + answer.status() + ": " + (error.path("message").isTextual() ? error.path("message").asText()
        : Parsing.abbreviate(answer.body()));
    Duration retryAfter = answer.retryAfter().orElse(null);
    Reason reason = switch (code) {
      case "UNREGISTERED", "NOT_FOUND", "SENDER_ID_MISMATCH" -> Reason.RECIPIENT_UNREACHABLE;
      case "QUOTA_EXCEEDED", "RESOURCE_EXHAUSTED" -> Reason.RATE_LIMITED;
      case "UNAVAILABLE", "INTERNAL" -> Reason.TEMPORARY;
      case "PERMISSION_DENIED", "THIRD_PARTY_AUTH_ERROR" -> Reason.UNAUTHORIZED;
      case "INVALID_ARGUMENT" -> Reason.REJECTED;
      default -> null;
    };
    if (answer.status() == 401 && !"THIRD_PARTY_AUTH_ERROR".equals(code)) {
      tokens.invalidate(token.value());
      reason = token.fresh() ? Reason.UNAUTHORIZED : Reason.TEMPORARY;
      text = text + (token.fresh() ? "" : " (the cached access token was dropped; the next attempt fetches one)");
    }
    if (reason == null) {
      return http.byStatus(answer, code, text.substring(text.indexOf(": ") + 2));
    }
    return http.failure(reason, code, retryAfter, text);
  }
}
