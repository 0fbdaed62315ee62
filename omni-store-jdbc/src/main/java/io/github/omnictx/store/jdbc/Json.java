package io.github.omnictx.store.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * it reaches the database, and (b) numbers are written in plain decimal notation, which every
 * database keeps digit for digit ({@code jsonb} would turn {@code 1.0E7} into {@code 10000000}).
 * Payloads reach this class already checked and canonical (the value types see to it: bounded
 * decimals with a positive scale, integers by magnitude), so what is written reads back equal; the
 * checks here are a second line for trees built around the value types.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  static String payload(JsonNode payload) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, payload);
    } catch (NotJson e) {
      String path = problem(payload, "payload");
      if (path != null && path.startsWith("NUL ")) {
        throw new InvalidInputException("payload", path.substring(4) + " must not contain the NUL character (\\u0000)");
      }
      throw new InvalidInputException("payload", "payload is not valid JSON: " + path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Thrown while writing; the path to the culprit is worked out afterwards, off the fast path. */
  private static final class NotJson extends IOException {
    private static final long serialVersionUID = 1L;

    NotJson() {
      super(null, null);
    }
  }

  private static void write(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT:
        g.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
        return;
      case ARRAY:
        g.writeStartArray();
        for (int i = 0; i < n.size(); i++) {
          write(g, n.get(i));
        }
        g.writeEndArray();
        return;
      case STRING:
        String text = n.textValue();
        if (text.indexOf('\u0000') >= 0) {
          // No database keeps NUL in text (PostgreSQL refuses it in jsonb).
          throw new NotJson();
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
            throw new NotJson();
          }
          if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            g.writeNumber((long) d + ".0");
          } else if (Math.abs(d) >= 1e-3 && Math.abs(d) < 1e7) {
            g.writeNumber(Double.toString(d)); // plain notation in this range
          } else {
            String plain = BigDecimal.valueOf(d).toPlainString();
            g.writeNumber(plain.indexOf('.') < 0 ? plain + ".0" : plain);
          }
        } else if (n.isBigDecimal()) {
          g.writeNumber(n.decimalValue().toPlainString());
        } else {
          g.writeNumber(n.asText());
        }
        return;
      default:
        throw new NotJson();
    }
  }

  /** Finds the first node that is not JSON and describes it, e.g. {@code payload.ratio is NaN}. */
  private static @org.jspecify.annotations.Nullable String problem(JsonNode n, String path) {
    switch (n.getNodeType()) {
      case OBJECT:
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String p = problem(e.getValue(), path + "." + e.getKey());
          if (p != null) {
            return p;
          }
        }
        return null;
      case ARRAY:
        for (int i = 0; i < n.size(); i++) {
          String p = problem(n.get(i), path + "[" + i + "]");
          if (p != null) {
            return p;
          }
        }
        return null;
      case STRING:
        return n.textValue().indexOf('\u0000') >= 0 ? "NUL " + path : null;
      case NUMBER:
        return (n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue()) ? path + " is " + n.doubleValue() : null;
      case BOOLEAN:
      case NULL:
        return null;
      default:
        return path + " holds a " + n.getNodeType() + " node";
    }
  }

  /**
   * Parses stored JSON into the canonical tree the value types hold (int, long or big-integer nodes
   * for integers by magnitude; exact decimal nodes for fractions, scale kept, so {@code 19.90} reads
   * back as {@code 19.90} and not as the double {@code 19.9}; last duplicate key wins), straight from
   * the token stream: a timeline page parses hundreds of payloads.
   */
  static JsonNode read(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new UncheckedIOException(new IOException("stored JSON is empty"));
      }
      return value(p, first);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON could not be read: " + e.getMessage(), e);
    }
  }

  private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        ObjectNode o = NODES.objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          o.set(name, value(p, p.nextToken()));
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = NODES.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          a.add(value(p, t));
        }
        return a;
      }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return DecimalNode.valueOf(p.getDecimalValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("unexpected " + token + " in stored JSON");
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
