package io.github.omnictx.channels.vk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads VK's message object ({@code object.message} of {@code message_new}, {@code object} itself
 * of {@code message_reply} and {@code message_edit}) and its attachments. Stateless.
 */
final class VkMessages {
  /** Peer ids from here on are group chats, not a dialog with one person. */
  static final long CHAT_PEER_OFFSET = 2_000_000_000L;

  private VkMessages() {}

  /**
   * The message's id for deduplication: {@code id}, unique within the community's dialogs; in a
   * group chat, where VK sends {@code id} 0, {@code <peer_id>_<conversation_message_id>}.
   */
  static String externalId(ObjectNode m, String path) {
    long id = JsonBody.integer(m, "id", path);
    if (id > 0) {
      return Long.toString(id);
    }
    long peer = JsonBody.integer(m, "peer_id", path);
    long cmid = JsonBody.integer(m, "conversation_message_id", path);
    if (peer <= 0 || cmid <= 0) {
      throw new InvalidInputException(path + ".id", path + " has neither an id nor a peer_id and conversation_message_id");
    }
    return peer + "_" + cmid;
  }

  /** A VK user id as an identity. */
  static Identity user(long id, String path) {
    if (id <= 0) {
      throw new InvalidInputException(path, path + " must be a VK user id (positive), was: " + id);
    }
    return Parsing.handle(IdentityKind.VK, Long.toString(id), path);
  }

  static List<Attachment> attachments(ObjectNode m, String path) {
    JsonNode list = JsonBody.array(m, "attachments", path, false);
    List<Attachment> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(attachment(Parsing.element(list, i, path + ".attachments"), path + ".attachments[" + i + "]"));
    }
    return out;
  }

  private static Attachment attachment(ObjectNode a, String path) {
    String type = JsonBody.text(a, "type", path);
    if (!type.matches("[a-z_]{1,32}")) {
      throw new InvalidInputException(path + ".type", path + ".type is not a VK attachment type");
    }
    Optional<ObjectNode> body = JsonBody.optObj(a, type, path);
    if (body.isEmpty()) {
      return new Attachment(type, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    ObjectNode o = body.get();
    String p = path + "." + type;
    return switch (type) {
      case "photo" -> new Attachment("image", largest(o, p), mediaId("photo", o, p), Optional.empty(),
          JsonBody.optText(o, "text", p));
      case "doc" -> new Attachment("file", JsonBody.optText(o, "url", p), mediaId("doc", o, p),
          JsonBody.optText(o, "ext", p).filter(e -> e.matches("[A-Za-z0-9]{1,10}")).map(VkMessages::mimeOf),
          JsonBody.optText(o, "title", p));
      case "link" -> new Attachment("link", JsonBody.optText(o, "url", p), Optional.empty(), Optional.empty(),
          JsonBody.optText(o, "title", p));
      case "audio_message" -> new Attachment("audio", JsonBody.optText(o, "link_ogg", p)
          .or(() -> JsonBody.optText(o, "link_mp3", p)), mediaId("audio_message", o, p), Optional.empty(),
          Optional.empty());
      case "video" -> new Attachment("video", Optional.empty(), mediaId("video", o, p), Optional.empty(),
          JsonBody.optText(o, "title", p));
      case "sticker" -> new Attachment("sticker", Optional.empty(), JsonBody.optText(o, "sticker_id", p),
          Optional.empty(), Optional.empty());
      default -> new Attachment(type, JsonBody.optText(o, "url", p), Optional.empty(), Optional.empty(),
          JsonBody.optText(o, "title", p));
    };
  }

  /** The URL of the photo's largest size (by width, VK lists them in no promised order). */
  private static Optional<String> largest(ObjectNode photo, String path) {
    JsonNode sizes = JsonBody.array(photo, "sizes", path, false);
    Optional<String> best = Optional.empty();
    long bestWidth = -1;
    for (int i = 0; i < sizes.size(); i++) {
      ObjectNode s = Parsing.element(sizes, i, path + ".sizes");
      Optional<String> url = JsonBody.optText(s, "url", path + ".sizes[" + i + "]");
      long width = s.path("width").canConvertToLong() ? s.path("width").longValue() : 0;
      if (url.isPresent() && width > bestWidth) {
        best = url;
        bestWidth = width;
      }
    }
    return best;
  }

  /**
   * VK's own attachment reference, {@code <type><owner_id>_<id>[_<access_key>]}: what {@code
   * messages.send} takes in {@code attachment} to send the same media again.
   */
  private static Optional<String> mediaId(String type, ObjectNode o, String path) {
    if (!o.hasNonNull("owner_id") || !o.hasNonNull("id")) {
      return Optional.empty();
    }
    long owner = JsonBody.integer(o, "owner_id", path);
    long id = JsonBody.integer(o, "id", path);
    Optional<String> key = JsonBody.optText(o, "access_key", path).filter(k -> k.matches("[A-Za-z0-9]{1,64}"));
    return Optional.of(type + owner + "_" + id + key.map(k -> "_" + k).orElse(""));
  }

  private static String mimeOf(String ext) {
    return switch (ext.toLowerCase(java.util.Locale.ROOT)) {
      case "pdf" -> "application/pdf";
      case "jpg", "jpeg" -> "image/jpeg";
      case "png" -> "image/png";
      case "gif" -> "image/gif";
      case "txt" -> "text/plain";
      case "doc" -> "application/msword";
      case "docx" -> "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      case "xls" -> "application/vnd.ms-excel";
      case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      case "zip" -> "application/zip";
      default -> "application/octet-stream";
    };
  }
}
