package io.github.omnictx.store.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.core.InvalidInputException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text for the database and back. Payloads are written by walking the tree ourselves so that
 * (a) anything that is not JSON (NaN, infinities, embedded Java objects, binary) is refused before
 * it reaches the database, and (b) doubles are written in plain decimal notation with a fraction,
 * which PostgreSQL's {@code jsonb} keeps digit for digit: {@code 1.0E7} would come back as the
 * integer {@code 10000000}, a different {@link JsonNode}.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  static String payload(JsonNode payload) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, payload, "payload");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, JsonNode n, String path) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT:
        g.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          g.writeFieldName(e.getKey());
          write(g, e.getValue(), path + "." + e.getKey());
        }
        g.writeEndObject();
        return;
      case ARRAY:
        g.writeStartArray();
        for (int i = 0; i < n.size(); i++) {
          write(g, n.get(i), path + "[" + i + "]");
        }
        g.writeEndArray();
        return;
      case STRING:
        String text = n.textValue();
        if (text.indexOf('\u0000') >= 0) {
          // No database keeps NUL in text (PostgreSQL refuses it in jsonb).
          throw new InvalidInputException("payload", path + " must not contain the NUL character (\\u0000)");
        }
        g.writeString(text);
        return;
      case BOOLEAN:
        g.writeBoolean(n.booleanValue());
        return;
      case NULL:
        g.writeNull();
        return;
      case NUMBER:
        if (n.isDouble() || n.isFloat()) {
          double d = n.doubleValue();
          if (!Double.isFinite(d)) {
            throw new InvalidInputException("payload", "payload is not valid JSON: " + path + " is " + d);
          }
          String plain = BigDecimal.valueOf(d).toPlainString();
          g.writeNumber(plain.indexOf('.') < 0 ? plain + ".0" : plain);
        } else if (n.isBigDecimal()) {
          g.writeNumber(n.decimalValue().toPlainString());
        } else {
          g.writeNumber(n.asText());
        }
        return;
      default:
        throw new InvalidInputException("payload",
            "payload is not valid JSON: " + path + " holds a " + n.getNodeType() + " node");
    }
  }

  static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON could not be read: " + e.getMessage(), e);
    }
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
