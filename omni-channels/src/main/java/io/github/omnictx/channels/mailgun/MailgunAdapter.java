package io.github.omnictx.channels.mailgun;

import static io.github.omnictx.channels.mailgun.MailgunBody.contentDigest;
import static io.github.omnictx.channels.mailgun.MailgunBody.fields;
import static io.github.omnictx.channels.mailgun.MailgunBody.first;
import static io.github.omnictx.channels.mailgun.MailgunBody.isJson;
import static io.github.omnictx.channels.mailgun.MailgunBody.kindOf;
import static io.github.omnictx.channels.mailgun.MailgunBody.required;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.ProviderHttp;
import io.github.omnictx.channels.mailgun.MailgunBody.Route;
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
import io.github.omnictx.core.channel.spi.ReplayToken;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * E-mail through Mailgun (id {@code mailgun} unless configured, channel {@code email}).
 *
 * <p>Inbound, two kinds of POST arrive at the one endpoint: route forwards of incoming mail
 * ({@code application/x-www-form-urlencoded}, or {@code multipart/form-data} when the mail has
 * attachments) and event webhooks ({@code application/json}: a {@code signature} object next to
 * {@code event-data}). Both carry {@code timestamp}, {@code token} and {@code signature} = hex
 * HMAC-SHA256(signing key, timestamp + token). That signature does not cover the content, so
 * {@link #verify} also refuses a timestamp outside the replay window (5 minutes by default, by
 * the clock), and {@link #replayToken} hands the pipeline the token with a digest of the content:
 * the pipeline remembers both in the store until the window closes, shared by every node, so a
 * captured signature replayed over another sender, Message-Id or text is refused with 403, while
 * Mailgun's own redelivery of the same request (same digest) is answered 200 as a duplicate. The
 * digest is taken over the parsed fields (names, values, and for each file its name, type and
 * content hash), sorted, so a redelivery whose multipart boundary or field order differs is still
 * the same content; a JSON event is digested with its keys sorted.
 *
 * <p>Incoming mail becomes an {@link InboundTouch} keyed by its {@code Message-Id} without angle
 * brackets, sender the {@code from} address (else the envelope {@code sender}) as an EMAIL
 * identity with the display name, text the {@code stripped-text} (else {@code body-plain}), topic
 * the subject (from the field, else from {@code message-headers}), time the signed {@code
 * timestamp}, attachments from the multipart file parts or a stored message's {@code attachments}
 * list. A route ending in {@code mime} forwards the raw message as {@code body-mime} instead of
 * parsed fields: it is parsed with Eclipse Angus Mail ({@code MailgunMime}: Message-ID, From,
 * Subject, the first plain-text part, attachments by name and type, bounded in depth and parts), a
 * field Mailgun did send still wins, and the raw mail is not kept in the payload. Events become {@link DeliveryUpdate}s keyed by
 * {@code event-data.message.headers.message-id} (no angle brackets, like {@link SendReceipt}
 * ids): {@code accepted} sent, {@code delivered} delivered, {@code opened} read, permanent
 * {@code failed} and {@code rejected} failed with the SMTP code and message. {@code complained}
 * (a spam complaint) and {@code unsubscribed} are {@link ConsentSignal}s: e-mail marketing revoked
 * by the {@code recipient}, source {@code mailgun:complained} / {@code mailgun:unsubscribed}.
 * Temporary failures (Mailgun keeps trying) and other events are {@link IgnoredEvent}s.
 *
 * <p>Outbound: a form POST to {@code v3/<domain>/messages} with Basic auth {@code api:<key>};
 * Omni's message id travels as the custom variable {@code v:omni_id}. Attachments are sent as
 * links below the text (Mailgun wants uploads, the SPI has URLs). A template is sent as a Mailgun
 * {@code template} with positional {@code t:variables} {@code {"1": …}}. 429 rate limited, 5xx
 * temporary, 401/403 unauthorised, other 4xx rejected.
 *
 * <p>{@link #acknowledge()} is Mailgun's empty 200. Mailgun stops retrying on 406; any other
 * failure is retried for 8 hours, which the pipeline decides. Thread-safe.
 */
public final class MailgunAdapter implements InboundAdapter, OutboundAdapter {

  private final MailgunConfig config;
  private final ProviderHttp http;

  /**
   * @param config the configuration
   */
  public MailgunAdapter(MailgunConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
    this.http = new ProviderHttp(config.id(), config.httpClient(), config.clock());
  }

  @Override
  public String id() {
    return config.id();
  }

  /** @return {@code email} */
  @Override
  public ChannelId channel() {
    return Channels.EMAIL.id();
  }

  /** The three signature fields of a request, any of them absent. */
  private record Signed(@Nullable String timestamp, @Nullable String token, @Nullable String signature) {}

  private static Signed signed(WebhookRequest request) {
    try {
      if (isJson(request)) {
        ObjectNode sig = JsonBody.optObj(JsonBody.object(request.body()), "signature", "body").orElse(null);
        return sig == null ? new Signed(null, null, null) : new Signed(
            JsonBody.optText(sig, "timestamp", "signature").orElse(null),
            JsonBody.optText(sig, "token", "signature").orElse(null),
            JsonBody.optText(sig, "signature", "signature").orElse(null));
      }
      Map<String, List<String>> fields = fields(request).fields();
      return new Signed(first(fields, "timestamp"), first(fields, "token"), first(fields, "signature"));
    } catch (InvalidInputException e) {
      throw new SignatureException("body cannot be read, so it carries no valid signature: " + e.getMessage(), false);
    }
  }

  /**
   * Checks the signature fields and the replay window.
   *
   * @param request a route forward or an event webhook
   * @throws SignatureException missing when {@code timestamp}, {@code token} or {@code signature}
   *     is absent; wrong when the signature does not match, the timestamp is outside the window, or
   *     the body cannot be read
   */
  @Override
  public void verify(WebhookRequest request) {
    Signed signed = signed(request);
    String timestamp = signed.timestamp();
    String token = signed.token();
    String signature = signed.signature();
    if (timestamp == null || token == null || signature == null) {
      throw new SignatureException("request carries no " + (timestamp == null ? "timestamp" : token == null ? "token"
          : "signature"), true);
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      throw new SignatureException("timestamp must be Unix seconds, was: " + Checks.quote(timestamp), false);
    }
    Instant now = config.clock().instant();
    if (seconds < 0 || seconds > 32_503_680_000L
        || Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(config.replayWindow()) > 0) {
      throw new SignatureException("timestamp is outside the replay window of " + config.replayWindow() + ", was: "
          + seconds, false);
    }
    String expected = Hmac.sha256Hex(config.signingKey(), timestamp + token);
    if (!Hmac.constantTimeEquals(expected, signature.strip().toLowerCase(Locale.ROOT))) {
      throw new SignatureException("signature does not match timestamp and token", false);
    }
  }

  /**
   * The signed token with a digest of the request's content, remembered by the pipeline until the
   * replay window around the signed timestamp closes.
   *
   * @param request a verified request
   * @return the token
   * @throws SignatureException if the body cannot be read
   */
  @Override
  public Optional<ReplayToken> replayToken(WebhookRequest request) {
    Signed signed = signed(request);
    if (signed.timestamp() == null || signed.token() == null) {
      throw new SignatureException("request carries no timestamp or token", true);
    }
    Instant signedAt = Instant.ofEpochSecond(Long.parseLong(signed.timestamp().strip()));
    try {
      return Optional.of(new ReplayToken(signed.token(), contentDigest(request), signedAt.plus(config.replayWindow())));
    } catch (IllegalArgumentException e) {
      throw new SignatureException("token is not usable: " + e.getMessage(), false);
    }
  }

  /**
   * Parses a route forward or an event webhook.
   *
   * @param request a verified request
   * @return one event
   * @throws InvalidInputException if the body is malformed or lacks a required field
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    try {
      return List.of(isJson(request) ? event(JsonBody.object(request.body())) : route(fields(request)));
    } catch (IllegalArgumentException e) {
      // a value type refused a field (an over-long id, say): the provider sent bad input
      throw new InvalidInputException("body", e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ inbound mail

  private InboundEvent route(Route route) {
    Map<String, List<String>> f = route.fields();
    Optional<ArrayNode> headers = messageHeaders(f);
    // a route ending in "mime" forwards the raw message instead of parsed fields
    Optional<MailgunMime.Parsed> mime = Optional.ofNullable(first(f, "body-mime")).map(MailgunMime::parse);
    String messageId = Optional.ofNullable(first(f, "Message-Id")).or(() -> header(headers, "message-id"))
        .map(EmailAddress::bare).filter(s -> !s.isEmpty()).or(() -> mime.flatMap(MailgunMime.Parsed::messageId))
        .orElseThrow(() -> new InvalidInputException("Message-Id", "Message-Id is required, was: absent"));
    EmailAddress from = sender(f, headers, mime.flatMap(MailgunMime.Parsed::from));
    Identity email = Checks.input("from", () -> Identity.email(from.address()));
    long ts = Long.parseLong(required(f, "timestamp").strip());
    if (ts < 0 || ts > 32_503_680_000L) {
      throw new InvalidInputException("timestamp", "timestamp is not a plausible Unix time, was: " + ts);
    }
    Optional<String> text = Optional.ofNullable(first(f, "stripped-text")).or(() -> Optional.ofNullable(first(f, "body-plain")))
        .or(() -> mime.flatMap(MailgunMime.Parsed::text));
    Optional<String> subject = Optional.ofNullable(first(f, "subject")).or(() -> Optional.ofNullable(first(f, "Subject")))
        .or(() -> header(headers, "subject")).or(() -> mime.flatMap(MailgunMime.Parsed::subject));
    List<Attachment> attachments = new ArrayList<>(route.files());
    attachments.addAll(storedAttachments(f));
    mime.ifPresent(m -> attachments.addAll(m.attachments()));
    ObjectNode payload = JsonBody.MAPPER.createObjectNode();
    f.forEach((k, vs) -> {
      if (k.equals("body-mime")) {
        return; // the raw mail, attachments and all: what Omni keeps of it is parsed out above
      }
      if (vs.size() == 1) {
        payload.put(k, vs.get(0));
      } else {
        ArrayNode a = payload.putArray(k);
        vs.forEach(a::add);
      }
    });
    headers.ifPresent(h -> payload.set("message-headers", h));
    return new InboundTouch(messageId, List.of(email), from.name(), Instant.ofEpochSecond(ts), TouchpointType.MESSAGE,
        Direction.INBOUND, text, attachments, subject.map(String::strip), payload);
  }

  private static EmailAddress sender(Map<String, List<String>> f, Optional<ArrayNode> headers,
      Optional<EmailAddress> mimeFrom) {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(first(f, "from")).ifPresent(candidates::add);
    Optional.ofNullable(first(f, "From")).ifPresent(candidates::add);
    header(headers, "from").ifPresent(candidates::add);
    mimeFrom.ifPresent(m -> candidates.add(m.name().map(n -> "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\" ").orElse("") + "<" + m.address() + ">"));
    Optional.ofNullable(first(f, "sender")).ifPresent(candidates::add);
    for (String c : candidates) {
      EmailAddress a = EmailAddress.parse(c);
      try {
        Identity.email(a.address());
        return a;
      } catch (IllegalArgumentException notAnAddress) {
        // try the next spelling
      }
    }
    throw new InvalidInputException("from", "from or sender must hold an e-mail address, was: "
        + (candidates.isEmpty() ? "absent" : Checks.quote(candidates.get(0))));
  }

  private static Optional<ArrayNode> messageHeaders(Map<String, List<String>> f) {
    String raw = first(f, "message-headers");
    if (raw == null) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = JsonBody.MAPPER.readTree(raw);
    } catch (IOException e) {
      throw new InvalidInputException("message-headers", "message-headers is not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isArray()) {
      throw new InvalidInputException("message-headers", "message-headers must be an array of [name, value] pairs");
    }
    for (JsonNode pair : node) {
      if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
        throw new InvalidInputException("message-headers", "message-headers must be an array of [name, value] pairs, had: "
            + Checks.quote(pair));
      }
    }
    return Optional.of((ArrayNode) node);
  }

  private static Optional<String> header(Optional<ArrayNode> headers, String name) {
    if (headers.isEmpty()) {
      return Optional.empty();
    }
    for (JsonNode pair : headers.get()) {
      if (pair.get(0).asText().equalsIgnoreCase(name) && !pair.get(1).asText().isBlank()) {
        return Optional.of(pair.get(1).asText());
      }
    }
    return Optional.empty();
  }

  private static List<Attachment> storedAttachments(Map<String, List<String>> f) {
    String raw = first(f, "attachments");
    if (raw == null) {
      return List.of();
    }
    JsonNode list;
    try {
      list = JsonBody.MAPPER.readTree(raw);
    } catch (IOException e) {
      throw new InvalidInputException("attachments", "attachments is not JSON: " + e.getMessage(), e);
    }
    if (list == null || !list.isArray()) {
      throw new InvalidInputException("attachments", "attachments must be a JSON array");
    }
    List<Attachment> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode a = list.get(i);
      if (!a.isObject()) {
        throw JsonBody.wrongType("attachments[" + i + "]", "an object", a);
      }
      String path = "attachments[" + i + "]";
      Optional<String> type = JsonBody.optText(a, "content-type", path);
      out.add(new Attachment(kindOf(type), Optional.of(JsonBody.text(a, "url", path)), Optional.empty(), type,
          JsonBody.optText(a, "name", path)));
    }
    return out;
  }

  // ------------------------------------------------------------------ events

  private InboundEvent event(ObjectNode root) {
    ObjectNode data = JsonBody.obj(root, "event-data", "body");
    String event = JsonBody.text(data, "event", "event-data").toLowerCase(Locale.ROOT);
    String severity = JsonBody.optText(data, "severity", "event-data").orElse("").toLowerCase(Locale.ROOT);
    if (event.equals("complained") || event.equals("unsubscribed")) {
      // a spam complaint or an unsubscribe is the recipient withdrawing e-mail marketing
      Identity recipient = Checks.input("event-data.recipient",
          () -> Identity.email(JsonBody.text(data, "recipient", "event-data")));
      return new ConsentSignal(List.of(recipient), channel(), Purpose.MARKETING, ConsentStatus.REVOKED,
          "mailgun:" + event, JsonBody.plausible(fractionalSeconds(data, "timestamp", "event-data"),
              "event-data.timestamp", config.clock()));
    }
    DeliveryStatus status = switch (event) {
      case "accepted" -> DeliveryStatus.SENT;
      case "delivered" -> DeliveryStatus.DELIVERED;
      case "opened" -> DeliveryStatus.READ;
      case "rejected" -> DeliveryStatus.FAILED;
      case "failed" -> severity.equals("temporary") ? null : DeliveryStatus.FAILED;
      default -> null;
    };
    if (status == null) {
      return new IgnoredEvent(event, event.equals("failed")
          ? "temporary failure: Mailgun keeps trying to deliver" : "not a delivery status Omni records");
    }
    ObjectNode message = JsonBody.obj(data, "message", "event-data");
    ObjectNode headers = JsonBody.obj(message, "headers", "event-data.message");
    String messageId = EmailAddress.bare(JsonBody.text(headers, "message-id", "event-data.message.headers"));
    if (messageId.isEmpty()) {
      throw new InvalidInputException("event-data.message.headers.message-id", "message-id must not be blank");
    }
    Instant at = JsonBody.plausible(fractionalSeconds(data, "timestamp", "event-data"), "event-data.timestamp",
        config.clock());
    Optional<String> code = Optional.empty();
    Optional<String> text = Optional.empty();
    if (status == DeliveryStatus.FAILED) {
      Optional<ObjectNode> ds = JsonBody.optObj(data, "delivery-status", "event-data");
      code = ds.flatMap(d -> JsonBody.optText(d, "code", "event-data.delivery-status"))
          .or(() -> JsonBody.optText(data, "reason", "event-data"));
      text = ds.flatMap(d -> JsonBody.optText(d, "message", "event-data.delivery-status")
              .or(() -> JsonBody.optText(d, "description", "event-data.delivery-status")))
          .or(() -> JsonBody.optText(data, "reason", "event-data"));
    }
    return new DeliveryUpdate(messageId, status, at, code, text);
  }

  private static Instant fractionalSeconds(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    BigDecimal s;
    try {
      if (n != null && n.isNumber()) {
        s = n.decimalValue();
      } else if (n != null && n.isTextual()) {
        s = new BigDecimal(n.asText().strip());
      } else {
        throw JsonBody.wrongType(path + "." + field, "Unix seconds", n);
      }
    } catch (NumberFormatException e) {
      throw JsonBody.wrongType(path + "." + field, "Unix seconds", n);
    }
    if (Checks.decimalProblem(s) != null) { // before any arithmetic: 1e-999999999 would expand
      throw new InvalidInputException(path + "." + field, path + "." + field + " is not a plausible Unix time: it "
          + Checks.decimalProblem(s));
    }
    if (s.signum() < 0 || s.compareTo(BigDecimal.valueOf(32_503_680_000L)) > 0) {
      throw new InvalidInputException(path + "." + field, path + "." + field + " is not a plausible Unix time, was: " + s);
    }
    long whole = s.longValue();
    long nanos = s.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
    return Instant.ofEpochSecond(whole, nanos);
  }

  // ------------------------------------------------------------------ outbound

  /** @return Mailgun's expected empty 200 */
  @Override
  public WebhookResponse acknowledge() {
    return WebhookResponse.text(200, "");
  }

  /**
   * Sends one mail through the messages API.
   *
   * @param message the message; the recipient an EMAIL identity
   * @return the Mailgun message id without angle brackets, status {@link DeliveryStatus#SENT}
   * @throws DeliveryException classified as described on the class; {@link Reason#REJECTED} for a
   *     recipient that is not an e-mail address
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    if (message.recipient().kind() != IdentityKind.EMAIL) {
      throw http.failure(Reason.REJECTED, null, null, id() + " cannot address a " + message.recipient().kind() + " identity");
    }
    FormBody.Builder body = new FormBody.Builder(StandardCharsets.UTF_8)
        .add("from", config.from())
        .add("to", message.recipient().value());
    if (message.template().isPresent()) {
      OutboundMessage.Template t = message.template().get();
      ObjectNode vars = JsonBody.MAPPER.createObjectNode();
      for (int i = 0; i < t.parameters().size(); i++) {
        vars.put(Integer.toString(i + 1), t.parameters().get(i));
      }
      body.add("template", t.name()).add("t:version", t.language()).add("t:variables", vars.toString());
      config.subject().ifPresent(s -> body.add("subject", s));
    } else {
      StringBuilder text = new StringBuilder(message.text().orElse(""));
      for (Attachment a : message.attachments()) {
        a.url().ifPresent(url -> text.append(text.length() == 0 ? "" : "\n\n")
            .append(a.caption().map(c -> c + ": ").orElse("")).append(url));
      }
      body.add("subject", config.subject().orElseGet(() -> firstLine(text.toString())));
      body.add("text", text.toString());
    }
    body.add("v:omni_id", message.idempotencyKey());
    HttpUrl url = config.apiBaseUrl().newBuilder().addPathSegment("v3").addPathSegment(config.domain())
        .addPathSegment("messages").build();
    Request request = new Request.Builder().url(url)
        .header("Authorization", Credentials.basic("api", config.apiKey(), StandardCharsets.UTF_8))
        .header("Accept", "application/json")
        .post(body.build()).build();
    ProviderHttp.Answer answer = http.call(request);
    String said = answer.body();
    JsonNode json = null;
    try {
      json = JsonBody.MAPPER.readTree(answer.body());
      if (json != null && json.path("message").isTextual()) {
        said = json.path("message").asText();
      }
    } catch (IOException notJson) {
      // plain-text answers ("Forbidden") are kept as they are
    }
    if (!answer.ok()) {
      throw http.byStatus(answer, null, said);
    }
    String id = json == null ? "" : EmailAddress.bare(json.path("id").asText(""));
    if (id.isEmpty()) {
      // Not retryable on purpose: Mailgun queued something, a retry could send the mail twice.
      throw http.failure(Reason.REJECTED, null, null, "HTTP " + answer.status() + " without a message id: " + said);
    }
    return new SendReceipt(id, DeliveryStatus.SENT);
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("").strip();
    return line.length() <= 78 ? line : line.substring(0, 77) + "…";
  }
}
