package io.github.omnictx.channels.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.internal.Forms;
import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.ProviderHttp;
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
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.FormData;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Twilio Programmable Messaging for one channel: SMS/MMS (id {@code twilio-sms}) or WhatsApp over
 * Twilio (id {@code twilio-whatsapp}); configure one adapter per channel, each with its own webhook
 * URL.
 *
 * <p>Inbound: verifies {@code X-Twilio-Signature} (see {@link TwilioSignature}) over the full public
 * URL of the request and the decoded form parameters, also accepting the URL with the default port
 * added or removed; for JSON webhooks the {@code bodySHA256} query parameter is checked against the
 * raw body too. Incoming messages become {@link InboundTouch}es keyed by {@code MessageSid}, sender
 * {@code From} as a PHONE identity; for WhatsApp by the rule both WhatsApp adapters share ({@link
 * Parsing#whatsAppSender}): the WHATSAPP id ({@code WaId}, else what follows {@code whatsapp:})
 * first, always, and the PHONE only when it is a possible phone number, so a username-style sender
 * or a number libphonenumber calls impossible is still recorded. Media from {@code MediaUrlN} and
 * {@code MediaContentTypeN}, a WhatsApp location as a {@code geo:} attachment. Twilio sends no
 * event time, so the clock's time of receipt is used. Status callbacks ({@code MessageStatus})
 * become {@link DeliveryUpdate}s keyed by {@code MessageSid} with {@code ErrorCode}.
 *
 * <p>Outbound: one form POST to the Messages API with Basic auth (account SID, auth token). A
 * {@link OutboundMessage.Template} is sent as a Content API template: its name is the
 * {@code ContentSid} ({@code HX…}) and its parameters become {@code ContentVariables} {@code
 * {"1": …, "2": …}}. Failures are classified from Twilio's error code: 20429/HTTP 429 rate limited,
 * 20003/HTTP 401 unauthorised, unknown or opted-out numbers unreachable, 63016 outside the WhatsApp
 * service window, 5xx temporary, other 4xx rejected.
 *
 * <p>Immutable and thread-safe.
 */
public final class TwilioAdapter implements InboundAdapter, OutboundAdapter {
  /** The header Twilio signs requests with. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  /** Error codes meaning this number cannot receive from us: invalid, opted out, not mobile, unroutable. */
  private static final Set<String> UNREACHABLE = Set.of("21211", "21610", "21612", "21614", "21408", "21217",
      "63003", "30003", "30005", "30006");
  private static final int MAX_MEDIA = 10;

  private final TwilioConfig config;
  private final boolean whatsapp;
  private final ProviderHttp http;

  /**
   * @param config the configuration
   */
  public TwilioAdapter(TwilioConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
    this.whatsapp = config.channel().equals(Channels.WHATSAPP.id());
    this.http = new ProviderHttp(config.id(), config.httpClient(), config.clock());
  }

  /** @return {@code twilio-sms} or {@code twilio-whatsapp} */
  @Override
  public String id() {
    return config.id();
  }

  @Override
  public ChannelId channel() {
    return config.channel();
  }

  /**
   * Checks {@code X-Twilio-Signature}.
   *
   * @param request the request as received, with the public URL Twilio called
   * @throws SignatureException missing without the header; wrong if it does not match, if a JSON
   *     body's {@code bodySHA256} does not, or if the body is not form data that could be signed
   */
  @Override
  public void verify(WebhookRequest request) {
    String given = request.header(SIGNATURE_HEADER).map(String::strip).orElse("");
    if (given.isEmpty()) {
      throw new SignatureException("request carries no " + SIGNATURE_HEADER + " header", true);
    }
    Map<String, List<String>> params;
    boolean json = request.contentType().map(t -> t.equals("application/json")).orElse(false);
    if (json || request.method().equals("GET")) {
      params = Map.of();
      if (json) {
        String expectedHash = sha256Hex(request.body());
        String sent = request.queryParam("bodySHA256").orElse("");
        if (!Hmac.constantTimeEquals(expectedHash, sent.toLowerCase(Locale.ROOT))) {
          throw new SignatureException("bodySHA256 does not match the JSON body", false);
        }
      }
    } else {
      try {
        params = FormData.parse(request.bodyText());
      } catch (IllegalArgumentException e) {
        throw new SignatureException("body is not form data, so its signature cannot match: " + e.getMessage(), false);
      }
    }
    boolean match = false;
    for (String url : TwilioSignature.spellings(request.url())) {
      match |= Hmac.constantTimeEquals(TwilioSignature.compute(config.authToken(), url, params), given);
    }
    if (!match) {
      throw new SignatureException(SIGNATURE_HEADER + " does not match the URL and parameters", false);
    }
  }

  /**
   * Parses an incoming message or a status callback.
   *
   * @param request a verified request
   * @return one {@link InboundTouch}, {@link DeliveryUpdate} or {@link IgnoredEvent}
   * @throws InvalidInputException if the body is not form data, a required parameter is missing, or
   *     the sender does not fit the channel
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    try {
      Forms form = Forms.of(request);
      Instant now = config.clock().instant();
      Optional<String> status = form.opt("MessageStatus");
      if (status.isPresent()) {
        return List.of(statusUpdate(form, status.get(), now));
      }
      String sid = form.required("MessageSid");
      List<Identity> sender = sender(form);
      int media = form.integer("NumMedia", 0, MAX_MEDIA, 0);
      List<Attachment> attachments = new ArrayList<>();
      for (int i = 0; i < media; i++) {
        String url = form.required("MediaUrl" + i);
        Optional<String> type = form.opt("MediaContentType" + i);
        attachments.add(new Attachment(kindOf(type), Optional.of(url), Optional.empty(), type, Optional.empty()));
      }
      Optional<String> lat = form.opt("Latitude");
      Optional<String> lon = form.opt("Longitude");
      if (lat.isPresent() && lon.isPresent()) {
        attachments.add(new Attachment("location", Optional.of("geo:" + coordinate(lat.get(), "Latitude") + ","
            + coordinate(lon.get(), "Longitude")), Optional.empty(), Optional.empty(),
            form.opt("Label").or(() -> form.opt("Address"))));
      }
      return List.of(Checks.input("MessageSid", () -> new InboundTouch(sid, sender, form.opt("ProfileName"), now,
          TouchpointType.MESSAGE, Direction.INBOUND, form.opt("Body"), attachments, Optional.empty(), form.toJson())));
    } catch (IllegalArgumentException e) {
      // a value type refused a field (NUL, an unpaired surrogate, a time out of range, a deep payload)
      throw new InvalidInputException("body", e.getMessage(), e);
    }
  }

  private List<Identity> sender(Forms form) {
    String from = form.required("From");
    boolean fromWhatsapp = from.regionMatches(true, 0, "whatsapp:", 0, 9);
    if (fromWhatsapp != whatsapp) {
      throw new InvalidInputException("From", "adapter " + id() + " received a message From "
          + (fromWhatsapp ? "WhatsApp" : "a phone number") + ", point that Twilio number at twilio-"
          + (fromWhatsapp ? "whatsapp" : "sms") + ", was: " + quote(from));
    }
    if (whatsapp) {
      // the one rule of both WhatsApp adapters: the WhatsApp id first, a phone only when it is one
      String waId = form.opt("WaId").filter(w -> !w.isBlank()).orElse(from.substring(9).strip());
      return Parsing.whatsAppSender(waId, "WaId");
    }
    // Twilio's network delivered from this number: a possible number is taken, valid or not
    return List.of(Checks.input("From", () -> Identity.phoneLenient(from.strip())));
  }

  private DeliveryUpdate statusUpdate(Forms form, String status, Instant now) {
    String sid = form.required("MessageSid");
    DeliveryStatus mapped = switch (status.toLowerCase(Locale.ROOT)) {
      case "accepted", "scheduled", "queued", "sending", "sent" -> DeliveryStatus.SENT;
      case "delivered" -> DeliveryStatus.DELIVERED;
      case "read" -> DeliveryStatus.READ;
      case "undelivered", "failed", "canceled" -> DeliveryStatus.FAILED;
      default -> null;
    };
    if (mapped == null) {
      throw new InvalidInputException("MessageStatus", "MessageStatus is not a status of an outbound message, was: "
          + quote(status));
    }
    return Checks.input("MessageSid", () -> new DeliveryUpdate(sid, mapped, now, form.opt("ErrorCode"),
        form.opt("ErrorMessage")));
  }

  /**
   * Sends one message through the Messages API.
   *
   * @param message the message; the recipient a PHONE identity (or, on WhatsApp, a WHATSAPP id)
   * @return the message SID, status {@link DeliveryStatus#SENT}
   * @throws DeliveryException classified as described on the class; {@link Reason#REJECTED} for a
   *     recipient this channel cannot address
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    FormBody.Builder body = new FormBody.Builder(StandardCharsets.UTF_8);
    body.add("To", recipient(message.recipient()));
    if (config.messagingServiceSid().isPresent()) {
      body.add("MessagingServiceSid", config.messagingServiceSid().get());
    } else {
      body.add("From", (whatsapp ? "whatsapp:" : "") + config.from().orElseThrow());
    }
    if (message.template().isPresent()) {
      OutboundMessage.Template t = message.template().get();
      body.add("ContentSid", t.name());
      ObjectNode vars = JsonBody.MAPPER.createObjectNode();
      for (int i = 0; i < t.parameters().size(); i++) {
        vars.put(Integer.toString(i + 1), t.parameters().get(i));
      }
      body.add("ContentVariables", vars.toString());
    } else {
      message.text().ifPresent(text -> body.add("Body", text));
      for (Attachment a : message.attachments()) {
        a.url().ifPresent(url -> body.add("MediaUrl", url));
      }
    }
    config.statusCallbackUrl().ifPresent(url -> body.add("StatusCallback", url));
    HttpUrl url = config.apiBaseUrl().newBuilder().addPathSegment("2010-04-01").addPathSegment("Accounts")
        .addPathSegment(config.accountSid()).addPathSegment("Messages.json").build();
    Request request = new Request.Builder().url(url)
        .header("Authorization", Credentials.basic(config.accountSid(), config.authToken(), StandardCharsets.UTF_8))
        .header("Accept", "application/json")
        .post(body.build()).build();
    ProviderHttp.Answer answer = http.call(request);
    if (!answer.ok()) {
      throw failure(answer);
    }
    try {
      JsonNode json = JsonBody.MAPPER.readTree(answer.body());
      String sid = json == null ? "" : json.path("sid").asText("");
      if (!sid.isBlank()) {
        return new SendReceipt(sid, DeliveryStatus.SENT);
      }
    } catch (IOException e) {
      // fall through: accepted, but we cannot tell which message it is
    }
    // Not retryable on purpose: Twilio said 2xx, so a retry could send the message twice.
    throw http.failure(Reason.REJECTED, null, null, "HTTP " + answer.status() + " without a message sid");
  }

  private String recipient(Identity to) {
    String number = switch (to.kind()) {
      case PHONE -> to.value();
      case WHATSAPP -> whatsapp ? "+" + to.value() : null;
      default -> null;
    };
    if (number == null) {
      throw http.failure(Reason.REJECTED, null, null, id() + " cannot address a " + to.kind() + " identity");
    }
    return whatsapp ? "whatsapp:" + number : number;
  }

  private DeliveryException failure(ProviderHttp.Answer answer) {
    String code = null;
    String text = answer.body();
    try {
      JsonNode json = JsonBody.MAPPER.readTree(answer.body());
      if (json != null && json.isObject()) {
        code = json.path("code").isValueNode() && !json.path("code").isNull() ? json.path("code").asText() : null;
        text = json.path("message").asText(text);
      }
    } catch (IOException notJson) {
      // keep the raw text
    }
    if (answer.status() == 429 || "20429".equals(code)) {
      return http.failure(Reason.RATE_LIMITED, code, answer.retryAfter().orElse(null), text);
    }
    if (answer.status() >= 500) {
      return http.failure(Reason.TEMPORARY, code, answer.retryAfter().orElse(null), text);
    }
    if ("20003".equals(code) || answer.status() == 401 || answer.status() == 403) {
      return http.failure(Reason.UNAUTHORIZED, code, null, text);
    }
    if ("63016".equals(code)) {
      return http.failure(Reason.OUTSIDE_SERVICE_WINDOW, code, null, text);
    }
    if (code != null && UNREACHABLE.contains(code)) {
      return http.failure(Reason.RECIPIENT_UNREACHABLE, code, null, text);
    }
    return http.failure(Reason.REJECTED, code, null, "HTTP " + answer.status() + ": " + text);
  }

  private static String kindOf(Optional<String> mimeType) {
    String t = mimeType.orElse("").toLowerCase(Locale.ROOT);
    if (t.startsWith("image/")) {
      return "image";
    }
    if (t.startsWith("video/")) {
      return "video";
    }
    if (t.startsWith("audio/")) {
      return "audio";
    }
    if (t.equals("text/vcard") || t.equals("text/x-vcard")) {
      return "contact";
    }
    return "file";
  }

  private static String coordinate(String value, String field) {
    try {
      double d = Double.parseDouble(value.strip());
      if (Double.isFinite(d) && Math.abs(d) <= 180) {
        return value.strip();
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(field, field + " must be a coordinate in degrees, was: " + quote(value));
  }

  private static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  private static String quote(String s) {
    return Checks.quote(s);
  }
}
