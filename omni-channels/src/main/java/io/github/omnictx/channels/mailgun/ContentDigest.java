package io.github.omnictx.channels.mailgun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest a Mailgun webhook's replay token is remembered with: SHA-256 (hex) of what the request
 * says, the same for Mailgun's own redeliveries of it. A form is digested as its fields sorted by
 * name (values in their order) and its files' digests sorted, every part length-prefixed, so
 * neither field order nor a multipart boundary changes it; a JSON event as the document with every
 * object's keys sorted. Stateless.
 */
final class ContentDigest {
  private ContentDigest() {}

  static String ofJson(JsonNode root) {
    MessageDigest md = sha256();
    md.update(sortedKeys(root).toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(md.digest());
  }

  static String ofForm(Map<String, List<String>> fields, List<String> fileDigests) {
    MessageDigest md = sha256();
    new TreeMap<>(fields).forEach((name, values) -> values.forEach(v -> {
      part(md, name);
      part(md, v);
    }));
    fileDigests.stream().sorted().forEach(d -> part(md, d));
    return HexFormat.of().formatHex(md.digest());
  }

  /** The digest of one file part: its field name, file name, media type and content. */
  static String ofFile(String field, String fileName, String mimeType, byte[] content) {
    MessageDigest md = sha256();
    part(md, field);
    part(md, fileName);
    part(md, mimeType);
    md.update(content);
    return HexFormat.of().formatHex(md.digest());
  }

  private static void part(MessageDigest md, String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    md.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    md.update(bytes);
  }

  private static JsonNode sortedKeys(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      names.forEach(n -> out.set(n, sortedKeys(node.get(n))));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(sortedKeys(e)));
      return out;
    }
    return node;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
