package io.github.omnictx.channels.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.internal.GraphError;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.MetaWebhooks;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WhatsApp Cloud API adapter (Meta): the GET subscription handshake, {@code X-Hub-Signature-256}
 * verification over the raw body, webhook parsing, and sends through {@code /{phone-number-id}/messages}.
 *
 * <p>Inbound, every {@code entry[].changes[].value} of a delivery is read (Meta batches), in order:
 * <ul>
 *   <li>Only changes for the configured {@link WhatsAppConfig#phoneNumberId()} are read: one Meta app
 *       (one app secret) may serve several numbers, and a change whose {@code metadata.phone_number_id}
 *       names another is an {@link IgnoredEvent}, logged at INFO, and answered 200 so that Meta does
 *       not retry it.
 *   <li>{@code messages[]}: an {@link InboundTouch} each, external id the {@code wamid}. Sender: the
 *       {@link IdentityKind#WHATSAPP} {@code wa_id} first, plus the {@link IdentityKind#PHONE} it is
 *       when it is a phone number ({@link Parsing#whatsAppSender}; a {@code wa_id} that is not, a
 *       username-style id, is recorded under the WhatsApp identity alone); the name from {@code
 *       contacts[].profile}. A message carrying {@code errors[]} (Meta could not hand over its content:
 *       131051 unsupported type, 131000) is recorded without content, its type and errors kept in the
 *       payload. {@code edit} and {@code revoke} are {@link MessageChange}s of the {@code
 *       original_message_id}: the new text (text body or caption) and the deletion.
 *       Text is the text body, the media caption, or the label of a pressed button or list item; media
 *       (image, video, audio, document as {@code file}, sticker) keep Meta's media id and, when sent,
 *       the URL; locations and shared contacts become attachments. Reactions and system messages are
 *       ignored; types this adapter does not know are recorded without text (the customer did write).
 *   <li>{@code statuses[]}: a {@link DeliveryUpdate} each for {@code sent}, {@code delivered},
 *       {@code read} ({@code played} counts as read) and {@code failed} (with the first error's code
 *       and title), carrying the {@code biz_opaque_callback_data} every send sets to Omni's idempotency
 *       key, so a receipt that arrives before the message id is recorded still finds its message;
 *       other statuses are ignored.
 *   <li>{@code errors[]} without messages (throughput, account problems): an {@link IgnoredEvent}
 *       naming the code, since no message of Omni's is identified.
 *   <li>{@code user_preferences[]} with {@code category: marketing_messages}: a {@link ConsentSignal}
 *       for marketing on WhatsApp, {@code stop} REVOKED and {@code resume} GRANTED, source {@code
 *       whatsapp:marketing_messages:stop|resume}.
 *   <li>changes of other fields (template status, account updates): ignored.
 * </ul>
 *
 * <p>Outbound the recipient is a {@link IdentityKind#WHATSAPP} or {@link IdentityKind#PHONE} identity
 * (sent as digits without {@code +}); a template is sent when the message has one, else one attachment
 * by URL (text as caption) or the text. Errors follow Meta's codes: 4, 80007, 130429, 131048, 131056
 * and HTTP 429 are {@link Reason#RATE_LIMITED}; 1, 2, 131000, 131016, 133004 and 5xx {@link
 * Reason#TEMPORARY}; 131047 {@link Reason#OUTSIDE_SERVICE_WINDOW} (send a template); 0, 3, 10, 190,
 * 200-299 {@link Reason#UNAUTHORIZED}; 131026 and 131030 {@link Reason#RECIPIENT_UNREACHABLE}; 100,
 * 368 and the rest {@link Reason#REJECTED}.
 *
 * <p>Immutable and thread-safe.
 */
public final class WhatsAppAdapter implements InboundAdapter, OutboundAdapter {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppAdapter.class);

  private final WhatsAppConfig config;
  private final ProviderHttp http;

  /**
   * Creates the adapter.
   *
   * @param config the phone number's configuration
   */
  public WhatsAppAdapter(WhatsAppConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = new ProviderHttp(config.id(), config.httpClient(), config.clock());
  }

  /**
   * The recommended resilience for WhatsApp: at most 80 sends per second (the Cloud API's default
   * throughput per business phone number; Meta raises it for some numbers) and the {@link
   * ResilientAdapter} defaults for retries.
   *
   * @param adapter the adapter to wrap
   * @return a builder to adjust or {@link ResilientAdapter.Builder#build() build}
   */
  public static ResilientAdapter.Builder resilient(WhatsAppAdapter adapter) {
    return ResilientAdapter.builder(adapter).rateLimit(80, Duration.ofSeconds(5));
  }

  /** @return the configuration */
  public WhatsAppConfig config() {
    return config;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public ChannelId channel() {
    return Channels.WHATSAPP.id();
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
   * @throws InvalidInputException if the body is not a WhatsApp webhook or a field has the wrong type
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    try {
      ObjectNode root = JsonBody.object(request);
      String object = JsonBody.text(root, "object", "body");
      if (!object.equals("whatsapp_business_account")) {
        throw new InvalidInputException("object", "object must be whatsapp_business_account, was: " + object);
      }
      List<InboundEvent> out = new ArrayList<>();
      JsonNode entries = JsonBody.array(root, "entry", "body", true);
      for (int i = 0; i < entries.size(); i++) {
        String entryPath = "entry[" + i + "]";
        JsonNode changes = JsonBody.array(Parsing.element(entries, i, "entry"), "changes", entryPath, false);
        for (int j = 0; j < changes.size(); j++) {
          String path = entryPath + ".changes[" + j + "]";
          ObjectNode change = Parsing.element(changes, j, entryPath + ".changes");
          String field = JsonBody.optText(change, "field", path).orElse("messages");
          if (!field.equals("messages") && !field.equals("user_preferences")) {
            out.add(new IgnoredEvent(field, "not a messages webhook"));
            continue;
          }
          ObjectNode value = JsonBody.obj(change, "value", path);
          Optional<String> number = JsonBody.optObj(value, "metadata", path + ".value")
              .flatMap(m -> JsonBody.optText(m, "phone_number_id", path + ".value.metadata"));
          if (number.isPresent() && !number.get().equals(config.phoneNumberId())) {
            // one Meta app may serve several numbers (brands, tenants) with one app secret
            LOG.info("{}: a change for phone_number_id {} ignored, this adapter serves {}", id(), number.get(),
                config.phoneNumberId());
            out.add(new IgnoredEvent(field, "for phone_number_id " + number.get() + ", not this adapter's "
                + config.phoneNumberId()));
            continue;
          }
          if (field.equals("user_preferences")) {
            preferences(value, path + ".value", out);
          } else {
            value(value, path + ".value", out);
          }
        }
      }
      return out;
    } catch (IllegalArgumentException e) {
      // a value type refused a field (NUL, an unpaired surrogate, a time out of range, a deep payload)
      throw new InvalidInputException("body", e.getMessage(), e);
    }
  }

  private void value(ObjectNode value, String path, List<InboundEvent> out) {
    Map<String, String> names = new HashMap<>();
    JsonNode contacts = JsonBody.array(value, "contacts", path, false);
    for (int i = 0; i < contacts.size(); i++) {
      ObjectNode c = Parsing.element(contacts, i, path + ".contacts");
      String cp = path + ".contacts[" + i + "]";
      Optional<String> waId = JsonBody.optText(c, "wa_id", cp);
      Optional<String> name = JsonBody.optObj(c, "profile", cp).flatMap(p -> JsonBody.optText(p, "name", cp + ".profile"));
      if (waId.isPresent() && name.isPresent()) {
        names.put(waId.get(), name.get());
      }
    }
    JsonNode messages = JsonBody.array(value, "messages", path, false);
    for (int i = 0; i < messages.size(); i++) {
      out.add(message(Parsing.element(messages, i, path + ".messages"), path + ".messages[" + i + "]", names));
    }
    JsonNode statuses = JsonBody.array(value, "statuses", path, false);
    for (int i = 0; i < statuses.size(); i++) {
      out.add(status(Parsing.element(statuses, i, path + ".statuses"), path + ".statuses[" + i + "]"));
    }
    JsonNode errors = JsonBody.array(value, "errors", path, false);
    for (int i = 0; i < errors.size(); i++) {
      ObjectNode e = Parsing.element(errors, i, path + ".errors");
      out.add(new IgnoredEvent("errors", "WhatsApp reported error " + JsonBody.optText(e, "code", path).orElse("?")
          + " (" + JsonBody.optText(e, "title", path).orElse("no title") + ") not tied to a message"));
    }
  }

  /** {@code user_preferences[]}: a marketing stop or resume is the customer's consent answer. */
  private void preferences(ObjectNode value, String path, List<InboundEvent> out) {
    JsonNode list = JsonBody.array(value, "user_preferences", path, false);
    for (int i = 0; i < list.size(); i++) {
      String p = path + ".user_preferences[" + i + "]";
      ObjectNode pref = Parsing.element(list, i, path + ".user_preferences");
      String category = JsonBody.optText(pref, "category", p).orElse("");
      String answer = JsonBody.optText(pref, "value", p).orElse("");
      if (!category.equals("marketing_messages") || !(answer.equals("stop") || answer.equals("resume"))) {
        out.add(new IgnoredEvent("user_preferences", "preference " + category + "=" + answer + " is not a consent answer"));
        continue;
      }
      String waId = JsonBody.text(pref, "wa_id", p);
      out.add(new ConsentSignal(Parsing.whatsAppSender(waId, p + ".wa_id"), channel(), Purpose.MARKETING,
          answer.equals("stop") ? ConsentStatus.REVOKED : ConsentStatus.GRANTED, "whatsapp:marketing_messages:" + answer,
          JsonBody.epochSeconds(pref, "timestamp", p, config.clock())));
    }
  }

  private InboundEvent message(ObjectNode m, String path, Map<String, String> names) {
    String from = JsonBody.text(m, "from", path);
    String id = JsonBody.text(m, "id", path);
    Instant at = JsonBody.epochSeconds(m, "timestamp", path, config.clock());
    String type = JsonBody.optText(m, "type", path).orElse("unknown");
    if (type.equals("reaction")) {
      return new IgnoredEvent("reaction", "reactions to earlier messages are not recorded");
    }
    if (type.equals("system")) {
      return new IgnoredEvent("system", "a system notice (e.g. the customer changed number), not a message");
    }
    if (type.equals("edit")) {
      return edit(JsonBody.obj(m, "edit", path), path + ".edit", at);
    }
    if (type.equals("revoke")) {
      ObjectNode revoke = JsonBody.obj(m, "revoke", path);
      return MessageChange.revoke(JsonBody.text(revoke, "original_message_id", path + ".revoke"), at);
    }
    List<Identity> sender = Parsing.whatsAppSender(from, path + ".from");
    Optional<String> text = Optional.empty();
    List<Attachment> attachments = new ArrayList<>();
    if (JsonBody.array(m, "errors", path, false).size() > 0) {
      // Meta could not hand the content over (131051 unsupported type, 131000 something went wrong):
      // the customer did write, so it is recorded without content; the payload keeps type and errors.
      type = "unsupported";
    }
    switch (type) {
      case "text" -> text = JsonBody.optText(JsonBody.obj(m, "text", path), "body", path + ".text");
      case "image", "video", "audio", "document", "sticker" -> {
        ObjectNode media = JsonBody.obj(m, type, path);
        String p = path + "." + type;
        Optional<String> caption = JsonBody.optText(media, "caption", p);
        text = caption;
        attachments.add(new Attachment(type.equals("document") ? "file" : type, JsonBody.optText(media, "url", p),
            Optional.of(JsonBody.text(media, "id", p)), JsonBody.optText(media, "mime_type", p),
            caption.or(() -> JsonBody.optText(media, "filename", p))));
      }
      case "location" -> {
        ObjectNode loc = JsonBody.obj(m, "location", path);
        String p = path + ".location";
        String geo = "geo:" + Parsing.decimal(loc, "latitude", p) + "," + Parsing.decimal(loc, "longitude", p);
        attachments.add(new Attachment("location", Optional.of(geo), Optional.empty(), Optional.empty(),
            JsonBody.optText(loc, "name", p).or(() -> JsonBody.optText(loc, "address", p))));
      }
      case "contacts" -> {
        JsonNode shared = JsonBody.array(m, "contacts", path, true);
        for (int i = 0; i < shared.size(); i++) {
          String p = path + ".contacts[" + i + "]";
          ObjectNode c = Parsing.element(shared, i, path + ".contacts");
          Optional<String> name = JsonBody.optObj(c, "name", p).flatMap(n -> JsonBody.optText(n, "formatted_name", p));
          JsonNode phones = JsonBody.array(c, "phones", p, false);
          Optional<String> tel = phones.size() == 0 ? Optional.empty()
              : JsonBody.optText(Parsing.element(phones, 0, p + ".phones"), "phone", p + ".phones[0]")
                  .flatMap(Parsing::internationalPhone).map(ph -> "tel:" + ph.value());
          attachments.add(new Attachment("contact", tel, Optional.empty(), Optional.empty(), name));
        }
      }
      case "interactive" -> {
        ObjectNode in = JsonBody.obj(m, "interactive", path);
        String p = path + ".interactive";
        Optional<ObjectNode> reply = JsonBody.optObj(in, "button_reply", p)
            .or(() -> JsonBody.optObj(in, "list_reply", p));
        text = reply.flatMap(r -> JsonBody.optText(r, "title", p));
      }
      case "button" -> text = JsonBody.optText(JsonBody.obj(m, "button", path), "text", path + ".button");
      default -> { } // unsupported, order, unknown: recorded without text; the payload keeps it all
    }
    return new InboundTouch(id, sender, Optional.ofNullable(names.get(from)), at, TouchpointType.MESSAGE,
        Direction.INBOUND, text, attachments, Optional.empty(), m);
  }

  /** An edit's new text is the edited message's text body or media caption. */
  private static InboundEvent edit(ObjectNode edit, String path, Instant at) {
    String original = JsonBody.text(edit, "original_message_id", path);
    Optional<ObjectNode> message = JsonBody.optObj(edit, "message", path);
    Optional<String> text = message.flatMap(msg -> {
      String p = path + ".message";
      String type = JsonBody.optText(msg, "type", p).orElse("text");
      return JsonBody.optObj(msg, type, p).flatMap(o -> JsonBody.optText(o, type.equals("text") ? "body" : "caption",
          p + "." + type));
    });
    if (text.isEmpty()) {
      return new IgnoredEvent("edit", "an edit without text or caption changes nothing Omni keeps");
    }
    return MessageChange.edit(original, text.get(), at);
  }

  private InboundEvent status(ObjectNode s, String path) {
    String id = JsonBody.text(s, "id", path);
    String status = JsonBody.text(s, "status", path);
    Instant at = JsonBody.epochSeconds(s, "timestamp", path, config.clock());
    DeliveryStatus mapped = switch (status) {
      case "sent" -> DeliveryStatus.SENT;
      case "delivered" -> DeliveryStatus.DELIVERED;
      case "read", "played" -> DeliveryStatus.READ;
      case "failed" -> DeliveryStatus.FAILED;
      default -> null;
    };
    if (mapped == null) {
      return new IgnoredEvent("status", "status " + status + " is not tracked");
    }
    Optional<String> code = Optional.empty();
    Optional<String> message = Optional.empty();
    JsonNode errors = JsonBody.array(s, "errors", path, false);
    if (errors.size() > 0) {
      ObjectNode e = Parsing.element(errors, 0, path + ".errors");
      String p = path + ".errors[0]";
      code = JsonBody.optText(e, "code", p);
      Optional<String> details = JsonBody.optObj(e, "error_data", p).flatMap(d -> JsonBody.optText(d, "details", p));
      Optional<String> title = JsonBody.optText(e, "title", p).or(() -> JsonBody.optText(e, "message", p));
      message = title.map(t -> details.map(d -> t + ": " + d).orElse(t)).or(() -> details);
    }
    Optional<String> key = JsonBody.optText(s, "biz_opaque_callback_data", path).filter(k -> !k.isBlank()
        && k.length() <= 256);
    return new DeliveryUpdate(id, mapped, at, code, message, key);
  }

  // ------------------------------------------------------------------ outbound

  /**
   * Sends a template, one attachment (text as caption) or the text, with one HTTP attempt.
   *
   * @return the receipt with the {@code wamid}
   * @throws DeliveryException classified as in the class comment; {@link Reason#REJECTED} without a
   *     call when the recipient is neither WHATSAPP nor PHONE or there is more than one attachment
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    Identity to = message.recipient();
    if (to.kind() != IdentityKind.WHATSAPP && to.kind() != IdentityKind.PHONE) {
      throw http.failure(Reason.REJECTED, null, null, "recipient must be a WHATSAPP or PHONE identity, was: " + to.kind());
    }
    ObjectNode body = JsonBody.MAPPER.createObjectNode();
    body.put("messaging_product", "whatsapp");
    body.put("recipient_type", "individual");
    body.put("to", to.value().startsWith("+") ? to.value().substring(1) : to.value());
    // Echoed in every status webhook of this message: a receipt that overtakes the recording of
    // the message id still finds its touchpoint by it.
    body.put("biz_opaque_callback_data", message.idempotencyKey());
    if (message.template().isPresent()) {
      OutboundMessage.Template t = message.template().get();
      body.put("type", "template");
      ObjectNode template = body.putObject("template");
      template.put("name", t.name());
      template.putObject("language").put("code", t.language());
      if (!t.parameters().isEmpty()) {
        ArrayNode params = template.putArray("components").addObject().put("type", "body").putArray("parameters");
        t.parameters().forEach(v -> params.addObject().put("type", "text").put("text", v));
      }
    } else if (!message.attachments().isEmpty()) {
      if (message.attachments().size() > 1) {
        throw http.failure(Reason.REJECTED, null, null, "one attachment per send, was: " + message.attachments().size());
      }
      Attachment a = message.attachments().get(0);
      String type = switch (a.kind()) {
        case "image", "video", "audio", "sticker" -> a.kind();
        default -> "document";
      };
      body.put("type", type);
      ObjectNode media = body.putObject(type);
      if (a.url().isPresent()) {
        media.put("link", a.url().get());
      } else if (a.mediaId().isPresent()) {
        media.put("id", a.mediaId().get());
      } else {
        throw http.failure(Reason.REJECTED, null, null, "attachment needs a url or a WhatsApp media id");
      }
      Optional<String> caption = message.text().or(a::caption);
      if (caption.isPresent()) {
        if (type.equals("audio") || type.equals("sticker")) {
          throw http.failure(Reason.REJECTED, null, null, type + " takes no caption: send the text separately");
        }
        media.put("caption", caption.get());
      }
    } else {
      body.put("type", "text");
      body.putObject("text").put("preview_url", false).put("body", message.text().orElseThrow());
    }
    HttpUrl url = HttpUrl.get(config.apiBaseUrl()).newBuilder().addPathSegment(config.apiVersion())
        .addPathSegment(config.phoneNumberId()).addPathSegment("messages").build();
    Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + config.accessToken())
        .post(RequestBody.create(body.toString(), JSON)).build();
    ProviderHttp.Answer answer = http.call(request);
    if (answer.ok()) {
      JsonNode id = Parsing.lenient(answer.body()).path("messages").path(0).path("id");
      if (id.isTextual() && !id.asText().isBlank()) {
        return new SendReceipt(id.asText(), DeliveryStatus.SENT);
      }
      // Accepted, so most likely sent: retrying would send it twice.
      throw http.failure(Reason.REJECTED, null, null, "accepted without messages[0].id: " + Parsing.abbreviate(answer.body()));
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
    if (c == 4 || c == 80007 || c == 130429 || c == 131048 || c == 131056) {
      reason = Reason.RATE_LIMITED;
    } else if (c == 1 || c == 2 || c == 131000 || c == 131016 || c == 133004) {
      reason = Reason.TEMPORARY;
    } else if (c == 131047) {
      reason = Reason.OUTSIDE_SERVICE_WINDOW;
    } else if (c == 0 || c == 3 || c == 10 || c == 190 || (c >= 200 && c <= 299)) {
      reason = Reason.UNAUTHORIZED;
    } else if (c == 131026 || c == 131030) {
      reason = Reason.RECIPIENT_UNREACHABLE;
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
