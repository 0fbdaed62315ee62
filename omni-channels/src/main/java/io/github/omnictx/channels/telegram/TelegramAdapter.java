package io.github.omnictx.channels.telegram;

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
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.MessageChange;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Telegram Bot API adapter: verifies the webhook secret token, parses {@code Update}s and sends
 * with {@code sendMessage} (or {@code sendPhoto}/{@code sendVideo}/{@code sendAudio}/{@code
 * sendDocument}/{@code sendSticker} for one attachment, the text as its caption).
 *
 * <p>Inbound, per update:
 * <ul>
 *   <li>{@code message}: an {@link InboundTouch} whose external id is {@code <chat id>:<message_id>}
 *       (a {@code message_id} alone is only unique within a chat; the pair is unique per bot, the same
 *       on every redelivery, and the key space of the receipts of sent messages). Sender: the {@link IdentityKind#TELEGRAM} user id ({@code from.id}), plus a {@link
 *       IdentityKind#PHONE} when the user shared their own contact ({@code contact.user_id ==
 *       from.id}). Text is the text or the media caption; the largest photo size is kept.
 *       Messages by bots, without a sender, and group service messages are ignored.
 *   <li>{@code callback_query} (an inline button pressed) is recorded as an inbound message, external
 *       id the {@code update_id}, whose text is the pressed button's label when exactly one label goes
 *       with its callback data, else the callback data itself (several buttons may share one {@code
 *       callback_data}: a label would be a guess); the payload keeps the data. It carries no timestamp, so its time is the configured clock's. Answering the
 *       query ({@code answerCallbackQuery}) stays the application's job; the payload keeps its id.
 *   <li>{@code edited_message}: a {@link MessageChange} edit of {@code <chat id>:<message_id>}, the
 *       new text or caption, at {@code edit_date}; {@code deleted_business_messages}: a deletion of
 *       each message id. Neither records a message of its own.
 *   <li>Anything else ({@code channel_post}, {@code my_chat_member}, polls…) is ignored.
 * </ul>
 * Telegram reports no delivery status, so this adapter never yields a {@code DeliveryUpdate}.
 *
 * <p>Outbound the recipient is the {@link IdentityKind#TELEGRAM} id (the private chat with the user,
 * who must have started the bot). The receipt's message id is {@code <chat id>:<message_id>}, since a
 * message id is unique only within its chat. Errors: 429 is {@link Reason#RATE_LIMITED} with the body's
 * {@code parameters.retry_after}; 403 (blocked, deactivated) and 400 "chat not found" are {@link
 * Reason#RECIPIENT_UNREACHABLE}; 401/404 (bad token) {@link Reason#UNAUTHORIZED}; other 4xx {@link
 * Reason#REJECTED}; 5xx and I/O {@link Reason#TEMPORARY}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TelegramAdapter implements InboundAdapter, OutboundAdapter {
  /** The header Telegram sends the webhook secret token in. */
  public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Set<String> SERVICE_FIELDS = Set.of("new_chat_members", "left_chat_member",
      "new_chat_title", "new_chat_photo", "delete_chat_photo", "group_chat_created", "supergroup_chat_created",
      "channel_chat_created", "migrate_to_chat_id", "migrate_from_chat_id", "pinned_message",
      "message_auto_delete_timer_changed", "forum_topic_created", "forum_topic_edited", "forum_topic_closed",
      "forum_topic_reopened", "video_chat_started", "video_chat_ended", "video_chat_scheduled",
      "video_chat_participants_invited", "users_shared", "chat_shared", "write_access_allowed");

  private final TelegramConfig config;
  private final ProviderHttp http;

  /**
   * Creates the adapter.
   *
   * @param config the bot's configuration
   */
  public TelegramAdapter(TelegramConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
    this.http = new ProviderHttp(config.id(), config.httpClient(), config.clock());
  }

  /**
   * The recommended resilience for Telegram: at most 30 sends per second (the Bot API's overall
   * limit; it also allows about one message per second per chat, which a 429 with {@code
   * retry_after} enforces) and the {@link ResilientAdapter} defaults for retries.
   *
   * @param adapter the adapter to wrap
   * @return a builder to adjust or {@link ResilientAdapter.Builder#build() build}
   */
  public static ResilientAdapter.Builder resilient(TelegramAdapter adapter) {
    return ResilientAdapter.builder(adapter).rateLimit(30, Duration.ofSeconds(5));
  }

  /** @return the configuration */
  public TelegramConfig config() {
    return config;
  }

  @Override
  public String id() {
    return config.id();
  }

  @Override
  public ChannelId channel() {
    return Channels.TELEGRAM.id();
  }

  /**
   * Checks {@code X-Telegram-Bot-Api-Secret-Token} against the configured secret in constant time.
   * Telegram does not sign the body; the shared secret is all there is.
   *
   * @throws SignatureException if the header is missing or different
   */
  @Override
  public void verify(WebhookRequest request) {
    Optional<String> given = request.header(SECRET_HEADER);
    if (given.isEmpty() || given.get().isBlank()) { // blank is missing, a 401 like the other adapters
      throw new SignatureException(SECRET_HEADER + " header is missing", true);
    }
    if (!Hmac.constantTimeEquals(config.secretToken(), given.get())) {
      throw new SignatureException(SECRET_HEADER + " does not match the configured secret token", false);
    }
  }

  /**
   * Parses one {@code Update} (see the class comment for what becomes what).
   *
   * @throws InvalidInputException if the body is not an update or a field has an unexpected type
   */
  @Override
  public List<InboundEvent> parse(WebhookRequest request) {
    try {
      ObjectNode update = JsonBody.object(request);
      long updateId = JsonBody.integer(update, "update_id", "update");
      String externalId = Long.toString(updateId);
      Optional<ObjectNode> message = JsonBody.optObj(update, "message", "update");
      if (message.isPresent()) {
        return List.of(message(messageKey(message.get(), "message"), message.get()));
      }
      Optional<ObjectNode> edited = JsonBody.optObj(update, "edited_message", "update");
      if (edited.isPresent()) {
        return List.of(edit(edited.get(), "edited_message"));
      }
      Optional<ObjectNode> deleted = JsonBody.optObj(update, "deleted_business_messages", "update");
      if (deleted.isPresent()) {
        return deletions(deleted.get(), "deleted_business_messages");
      }
      Optional<ObjectNode> callback = JsonBody.optObj(update, "callback_query", "update");
      if (callback.isPresent()) {
        return List.of(callback(externalId, callback.get()));
      }
      for (Iterator<String> it = update.fieldNames(); it.hasNext(); ) {
        String kind = it.next();
        if (!kind.equals("update_id")) {
          return List.of(new IgnoredEvent(kind, "not a customer message"));
        }
      }
      throw new InvalidInputException("update", "update " + updateId + " carries nothing besides update_id");
    } catch (IllegalArgumentException e) {
      // a value type refused a field (NUL, an unpaired surrogate, a time out of range, a deep payload)
      throw new InvalidInputException("body", e.getMessage(), e);
    }
  }

  /**
   * A message's key: {@code <chat id>:<message_id>}, unique per bot, the same on every redelivery,
   * in the key space of {@link SendReceipt} ids, and what an edit names its message by.
   */
  private static String messageKey(ObjectNode m, String path) {
    long chat = JsonBody.integer(JsonBody.obj(m, "chat", path), "id", path + ".chat");
    return chat + ":" + JsonBody.integer(m, "message_id", path);
  }

  /** An edited message: its new text (or caption) for the message it names. */
  private InboundEvent edit(ObjectNode m, String path) {
    Optional<String> text = JsonBody.optText(m, "text", path).or(() -> JsonBody.optText(m, "caption", path));
    if (text.isEmpty()) {
      return new IgnoredEvent(path, "an edit without text or caption changes nothing Omni keeps");
    }
    Instant at = m.hasNonNull("edit_date") ? JsonBody.epochSeconds(m, "edit_date", path, config.clock())
        : JsonBody.epochSeconds(m, "date", path, config.clock());
    return MessageChange.edit(messageKey(m, path), text.get(), at);
  }

  /** Messages deleted in a connected business account: a deletion of each, at the time of receipt. */
  private List<InboundEvent> deletions(ObjectNode d, String path) {
    long chat = JsonBody.integer(JsonBody.obj(d, "chat", path), "id", path + ".chat");
    JsonNode ids = JsonBody.array(d, "message_ids", path, true);
    List<InboundEvent> out = new ArrayList<>();
    Instant now = config.clock().instant();
    for (int i = 0; i < ids.size(); i++) {
      JsonNode id = ids.get(i);
      if (!id.canConvertToLong()) {
        throw JsonBody.wrongType(path + ".message_ids[" + i + "]", "an integer", id);
      }
      out.add(MessageChange.revoke(chat + ":" + id.longValue(), now));
    }
    return out;
  }

  private InboundEvent message(String externalId, ObjectNode m) {
    Optional<ObjectNode> fromNode = JsonBody.optObj(m, "from", "message");
    if (fromNode.isEmpty()) {
      return new IgnoredEvent("message", "no sender: a channel post or an anonymous group admin");
    }
    ObjectNode from = fromNode.get();
    long fromId = JsonBody.integer(from, "id", "message.from");
    if (JsonBody.bool(from, "is_bot", "message.from", false)) {
      return new IgnoredEvent("message", "sent by a bot");
    }
    Instant date = JsonBody.epochSeconds(m, "date", "message", config.clock());
    Optional<String> caption = JsonBody.optText(m, "caption", "message");
    Optional<String> text = JsonBody.optText(m, "text", "message").or(() -> caption);
    List<Identity> sender = new ArrayList<>();
    sender.add(Parsing.handle(IdentityKind.TELEGRAM, Long.toString(fromId), "message.from.id"));
    List<Attachment> attachments = attachments(m, caption, fromId, sender);
    if (text.isEmpty() && attachments.isEmpty() && SERVICE_FIELDS.stream().anyMatch(m::has)) {
      return new IgnoredEvent("message", "a chat service message, not a customer message");
    }
    return new InboundTouch(externalId, sender, name(from), date, TouchpointType.MESSAGE, Direction.INBOUND,
        text, attachments, Optional.empty(), m);
  }

  private InboundEvent callback(String externalId, ObjectNode cq) {
    ObjectNode from = JsonBody.obj(cq, "from", "callback_query");
    long fromId = JsonBody.integer(from, "id", "callback_query.from");
    Optional<String> data = JsonBody.optText(cq, "data", "callback_query");
    Optional<String> label = data.flatMap(d -> buttonLabel(cq, d));
    Identity user = Parsing.handle(IdentityKind.TELEGRAM, Long.toString(fromId), "callback_query.from.id");
    return new InboundTouch(externalId, List.of(user), name(from), config.clock().instant(), TouchpointType.MESSAGE,
        Direction.INBOUND, label.or(() -> data), List.of(), Optional.empty(), cq);
  }

  /**
   * The label of the inline button whose callback data was sent, if the message still shows it and
   * no button with another label shares that data: several buttons may carry one {@code
   * callback_data}, and then the press does not say which one was meant.
   */
  private static Optional<String> buttonLabel(ObjectNode cq, String data) {
    Optional<String> label = Optional.empty();
    for (JsonNode row : cq.path("message").path("reply_markup").path("inline_keyboard")) {
      for (JsonNode button : row) {
        if (button.path("callback_data").isTextual() && button.path("callback_data").asText().equals(data)) {
          String text = button.path("text").asText("");
          if (text.isBlank() || (label.isPresent() && !label.get().equals(text))) {
            return Optional.empty();
          }
          label = Optional.of(text);
        }
      }
    }
    return label;
  }

  private static Optional<String> name(ObjectNode user) {
    Optional<String> first = JsonBody.optText(user, "first_name", "from");
    Optional<String> last = JsonBody.optText(user, "last_name", "from");
    if (first.isPresent() && last.isPresent()) {
      return Optional.of(first.get() + " " + last.get());
    }
    return first.or(() -> last).or(() -> JsonBody.optText(user, "username", "from"));
  }

  private static List<Attachment> attachments(ObjectNode m, Optional<String> caption, long fromId,
      List<Identity> sender) {
    List<Attachment> out = new ArrayList<>();
    JsonNode photos = JsonBody.array(m, "photo", "message", false);
    if (photos.size() > 0) {
      JsonNode largest = photos.get(photos.size() - 1);
      if (!largest.isObject()) {
        throw JsonBody.wrongType("message.photo[" + (photos.size() - 1) + "]", "an object", largest);
      }
      out.add(file("image", largest, "message.photo", Optional.empty(), caption));
    }
    media(m, "video", "video", caption, out);
    media(m, "animation", "video", caption, out);
    media(m, "video_note", "video", caption, out);
    media(m, "audio", "audio", caption, out);
    media(m, "voice", "audio", caption, out);
    media(m, "document", "file", caption, out);
    Optional<ObjectNode> sticker = JsonBody.optObj(m, "sticker", "message");
    if (sticker.isPresent()) {
      out.add(file("sticker", sticker.get(), "message.sticker", Optional.empty(),
          JsonBody.optText(sticker.get(), "emoji", "message.sticker")));
    }
    Optional<ObjectNode> location = JsonBody.optObj(m, "location", "message");
    if (location.isPresent()) {
      String geo = "geo:" + Parsing.decimal(location.get(), "latitude", "message.location") + ","
          + Parsing.decimal(location.get(), "longitude", "message.location");
      Optional<String> venue = JsonBody.optObj(m, "venue", "message")
          .flatMap(v -> JsonBody.optText(v, "title", "message.venue"));
      out.add(new Attachment("location", Optional.of(geo), Optional.empty(), Optional.empty(), venue));
    }
    Optional<ObjectNode> contact = JsonBody.optObj(m, "contact", "message");
    if (contact.isPresent()) {
      ObjectNode c = contact.get();
      String phone = JsonBody.text(c, "phone_number", "message.contact");
      Optional<Identity> asPhone = Parsing.internationalPhone(phone);
      Optional<String> first = JsonBody.optText(c, "first_name", "message.contact");
      Optional<String> last = JsonBody.optText(c, "last_name", "message.contact");
      Optional<String> contactName = first.map(f -> last.map(l -> f + " " + l).orElse(f)).or(() -> last);
      out.add(new Attachment("contact", asPhone.map(p -> "tel:" + p.value()), Optional.empty(), Optional.empty(),
          contactName));
      boolean own = c.has("user_id") && !c.get("user_id").isNull()
          && JsonBody.integer(c, "user_id", "message.contact") == fromId;
      if (own) {
        // The user shared their own contact: Telegram vouches the number belongs to this account.
        asPhone.ifPresent(sender::add);
      }
    }
    return out;
  }

  private static void media(ObjectNode m, String field, String kind, Optional<String> caption, List<Attachment> out) {
    Optional<ObjectNode> node = JsonBody.optObj(m, field, "message");
    if (node.isPresent()) {
      Optional<String> mime = JsonBody.optText(node.get(), "mime_type", "message." + field);
      Optional<String> fileName = JsonBody.optText(node.get(), "file_name", "message." + field);
      out.add(file(kind, node.get(), "message." + field, mime, caption.or(() -> fileName)));
    }
  }

  private static Attachment file(String kind, JsonNode node, String path, Optional<String> mime,
      Optional<String> caption) {
    return new Attachment(kind, Optional.empty(), Optional.of(JsonBody.text(node, "file_id", path)), mime, caption);
  }

  // ------------------------------------------------------------------ outbound

  /**
   * Sends the text with {@code sendMessage}, or one attachment (by URL or Telegram file id) with the
   * text as caption. One HTTP attempt.
   *
   * @return the receipt, its id {@code <chat id>:<message_id>}
   * @throws DeliveryException classified as in the class comment; {@link Reason#REJECTED} without a
   *     call when the recipient is not a TELEGRAM identity, a template is asked for (Telegram has
   *     none), or there is more than one attachment
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    Identity to = message.recipient();
    if (to.kind() != IdentityKind.TELEGRAM) {
      throw http.failure(Reason.REJECTED, null, null, "recipient must be a TELEGRAM identity, was: " + to.kind());
    }
    if (message.template().isPresent()) {
      throw http.failure(Reason.REJECTED, null, null, "Telegram has no message templates");
    }
    if (message.attachments().size() > 1) {
      throw http.failure(Reason.REJECTED, null, null,
          "one attachment per send, was: " + message.attachments().size());
    }
    ObjectNode body = JsonBody.MAPPER.createObjectNode();
    try {
      body.put("chat_id", Long.parseLong(to.value()));
    } catch (NumberFormatException username) {
      body.put("chat_id", to.value());
    }
    String method;
    if (message.attachments().isEmpty()) {
      method = "sendMessage";
      body.put("text", message.text().orElseThrow());
    } else {
      Attachment a = message.attachments().get(0);
      String field = switch (a.kind()) {
        case "image" -> "photo";
        case "video" -> "video";
        case "audio" -> "audio";
        case "sticker" -> "sticker";
        default -> "document";
      };
      method = "send" + Character.toUpperCase(field.charAt(0)) + field.substring(1);
      Optional<String> ref = a.url().or(a::mediaId);
      if (ref.isEmpty()) {
        throw http.failure(Reason.REJECTED, null, null, "attachment needs a url or a Telegram file id");
      }
      body.put(field, ref.get());
      message.text().or(a::caption).ifPresent(c -> body.put("caption", c));
    }
    HttpUrl url = HttpUrl.get(config.apiBaseUrl()).newBuilder()
        .addPathSegment("bot" + config.botToken()).addPathSegment(method).build();
    Request request = new Request.Builder().url(url)
        .post(RequestBody.create(body.toString(), JSON)).build();
    ProviderHttp.Answer answer = http.call(request);
    JsonNode reply = Parsing.lenient(answer.body());
    if (answer.ok() && reply.path("ok").asBoolean(false)) {
      JsonNode result = reply.path("result");
      JsonNode messageId = result.path("message_id");
      JsonNode chatId = result.path("chat").path("id");
      if (messageId.isIntegralNumber() && chatId.isIntegralNumber()) {
        return new SendReceipt(chatId.bigIntegerValue() + ":" + messageId.bigIntegerValue(), DeliveryStatus.SENT);
      }
      // Accepted, so it was most likely sent: retrying would send it twice.
      throw http.failure(Reason.REJECTED, null, null, "accepted without result.message_id and result.chat.id");
    }
    throw classify(answer, reply);
  }

  private DeliveryException classify(ProviderHttp.Answer answer, JsonNode reply) {
    int code = reply.path("error_code").canConvertToInt() && reply.path("error_code").isIntegralNumber()
        ? reply.path("error_code").intValue() : answer.status();
    int status = answer.ok() ? code : answer.status();
    String description = reply.path("description").isTextual() ? reply.path("description").asText()
        : Parsing.abbreviate(answer.body());
    JsonNode wait = reply.path("parameters").path("retry_after");
    Duration retryAfter = wait.isIntegralNumber() && wait.canConvertToLong() && wait.longValue() >= 0
        ? Duration.ofSeconds(wait.longValue()) : answer.retryAfter().orElse(null);
    String lower = description.toLowerCase(java.util.Locale.ROOT);
    Reason reason;
    if (status == 429) {
      reason = Reason.RATE_LIMITED;
    } else if (status >= 500) {
      reason = Reason.TEMPORARY;
    } else if (status == 401 || status == 404) {
      reason = Reason.UNAUTHORIZED;
    } else if (status == 403 || lower.contains("chat not found") || lower.contains("user not found")) {
      reason = Reason.RECIPIENT_UNREACHABLE;
    } else {
      reason = Reason.REJECTED;
    }
    return http.failure(reason, Integer.toString(code), retryAfter, "HTTP " + answer.status() + ": " + description);
  }

}
