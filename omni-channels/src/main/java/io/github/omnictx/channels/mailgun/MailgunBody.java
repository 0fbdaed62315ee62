package io.github.omnictx.channels.mailgun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.internal.Forms;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.MultipartReader;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Reading a Mailgun request body: the fields of a route forward (URL-encoded or multipart, with the
 * files' digests but not their content), whether it is a JSON event, and the content digest the
 * replay guard remembers with each token. Thread-safe (stateless).
 */
final class MailgunBody {
  private static final int MAX_PARTS = 1000;

  private MailgunBody() {}

  /**
   * The fields of a route forward and the files of a multipart one, each file with the hex SHA-256
   * of its name, type and content (for the replay digest; the content itself is not kept).
   */
  record Route(Map<String, List<String>> fields, List<Attachment> files, List<String> fileDigests) {}

  /**
   * A digest of what a request says, the same for Mailgun's redeliveries of it: SHA-256 over the
   * fields sorted by name (values in their order) and the files' digests sorted, each length-prefixed;
   * for a JSON event, over the document with every object's keys sorted.
   */
  static String contentDigest(WebhookRequest request) {
    MessageDigest md = sha256();
    if (isJson(request)) {
      md.update(sortedKeys(JsonBody.object(request.body())).toString().getBytes(StandardCharsets.UTF_8));
    } else {
      Route route = fields(request);
      new java.util.TreeMap<>(route.fields()).forEach((name, values) -> {
        values.forEach(v -> {
          digestPart(md, name);
          digestPart(md, v);
        });
      });
      route.fileDigests().stream().sorted().forEach(d -> digestPart(md, d));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static void digestPart(MessageDigest md, String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    md.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    md.update(bytes);
  }

  static JsonNode sortedKeys(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonBody.MAPPER.createObjectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      names.forEach(n -> out.set(n, sortedKeys(node.get(n))));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonBody.MAPPER.createArrayNode();
      node.forEach(e -> out.add(sortedKeys(e)));
      return out;
    }
    return node;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static boolean isJson(WebhookRequest request) {
    return request.contentType().map(t -> t.equals("application/json") || t.endsWith("+json")).orElse(false);
  }

  static Route fields(WebhookRequest request) {
    Optional<String> type = request.contentType();
    if (type.isPresent() && type.get().equals("multipart/form-data")) {
      return multipart(request);
    }
    return new Route(Forms.of(request).all(), List.of(), List.of());
  }

  static Route multipart(WebhookRequest request) {
    String boundary = boundary(request.header("Content-Type").orElse(""));
    Map<String, List<String>> fields = new LinkedHashMap<>();
    List<Attachment> files = new ArrayList<>();
    List<String> fileDigests = new ArrayList<>();
    try (MultipartReader reader = new MultipartReader(new Buffer().write(request.body()), boundary)) {
      MultipartReader.Part part;
      int count = 0;
      while ((part = reader.nextPart()) != null) {
        if (++count > MAX_PARTS) {
          throw new InvalidInputException("body", "multipart body has more than " + MAX_PARTS + " parts");
        }
        Map<String, String> disposition = parameters(Optional.ofNullable(part.headers().get("Content-Disposition")).orElse(""));
        String name = disposition.get("name");
        if (name == null) {
          throw new InvalidInputException("body", "a multipart part has no name");
        }
        Optional<String> mime = Optional.ofNullable(part.headers().get("Content-Type")).map(t -> t.split(";")[0].strip())
            .filter(t -> !t.isEmpty());
        if (disposition.containsKey("filename")) {
          // the content is not kept, only its digest
          files.add(new Attachment(kindOf(mime), Optional.empty(), Optional.empty(), mime,
              Optional.of(disposition.get("filename")).filter(n -> !n.isBlank())));
          MessageDigest md = sha256();
          digestPart(md, name);
          digestPart(md, disposition.get("filename"));
          digestPart(md, mime.orElse(""));
          md.update(part.body().readByteArray());
          fileDigests.add(HexFormat.of().formatHex(md.digest()));
        } else {
          fields.computeIfAbsent(name, k -> new ArrayList<>()).add(part.body().readString(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      throw new InvalidInputException("body", "body is not valid multipart/form-data: " + e.getMessage(), e);
    }
    return new Route(fields, files, fileDigests);
  }

  static String boundary(String contentType) {
    String b = parameters(contentType).get("boundary");
    if (b == null || b.isEmpty() || b.length() > 70) {
      throw new InvalidInputException("content-type", "multipart/form-data needs a boundary of 1-70 characters, was: "
          + Checks.quote(contentType));
    }
    return b;
  }

  /** Parameters of a header like {@code form-data; name="a"; filename="b.pdf"}, names lower-cased. */
  static Map<String, String> parameters(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] parts = header.split(";");
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq > 0) {
        String value = parts[i].substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        out.put(parts[i].substring(0, eq).strip().toLowerCase(Locale.ROOT), value);
      }
    }
    return out;
  }

  static @Nullable String first(Map<String, List<String>> fields, String name) {
    List<String> v = fields.get(name);
    return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0);
  }

  static String required(Map<String, List<String>> fields, String name) {
    String v = first(fields, name);
    if (v == null) {
      throw new InvalidInputException(name, name + " is required, was: absent");
    }
    return v;
  }

  static String kindOf(Optional<String> mimeType) {
    String t = mimeType.orElse("").toLowerCase(Locale.ROOT);
    return t.startsWith("image/") ? "image" : t.startsWith("video/") ? "video" : t.startsWith("audio/") ? "audio" : "file";
  }
}
