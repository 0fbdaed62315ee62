package io.github.omnictx.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.Limits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * The one check and copy every JSON payload goes through on its way into a value type, so that
 * every store holds and returns the same tree. Not API: may change without notice. Thread-safe
 * (stateless).
 *
 * <p>{@link #copy} walks the tree iteratively (a payload nested thousands deep is refused, not a
 * {@code StackOverflowError}) and returns a fresh tree in canonical form:
 *
 * <ul>
 *   <li>text and keys must be {@linkplain Checks#storable storable} (no NUL, no unpaired surrogate);
 *   <li>numbers must be finite and within {@link Limits#MAX_DIGITS}, and take one form each, the
 *       form every store reads back: integers an int, long or big-integer node by magnitude; a
 *       number with digits after the point a double node when a double holds exactly what is
 *       written ({@code 2.5}, {@code 0.1}), else a {@link DecimalNode} keeping its scale ({@code
 *       19.90}, {@code 12345678901234567.89}); a decimal without digits after the point ({@code
 *       2E+3}) an integer;
 *   <li>nesting is at most the given depth; binary and POJO nodes are refused (not JSON).
 * </ul>
 */
public final class Payloads {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final int MAX_PATH_SEGMENT = 40;

  private Payloads() {}

  /** Makes the exception for a refused value. */
  @FunctionalInterface
  public interface Refusal {
    /**
     * @param path where the value is, e.g. {@code payload.lines[1].qty}
     * @param message the whole message, starting with the path
     * @return the exception to throw
     */
    RuntimeException refuse(String path, String message);
  }

  private static final Refusal ILLEGAL_ARGUMENT = (path, message) -> new IllegalArgumentException(message);

  /**
   * Checks a payload and copies it into canonical form.
   *
   * @param payload the payload, which must be a JSON object
   * @param field the payload's name, first in every path of a message ({@code "payload"})
   * @param maxDepth the deepest nesting allowed, the object itself being level 1
   * @return a fresh object in canonical form
   * @throws IllegalArgumentException naming the path and the reason, never the text found there,
   *     if the payload is null, not an object, nested too deep, or holds a value no store can hold
   */
  public static ObjectNode copy(JsonNode payload, String field, int maxDepth) {
    return copy(payload, field, maxDepth, ILLEGAL_ARGUMENT);
  }

  /**
   * Checks a payload and copies it into canonical form, refusing with the caller's exception (the
   * adapters answer {@code InvalidInputException}s naming the path).
   *
   * @param payload the payload, which must be a JSON object
   * @param field the payload's name, first in every path of a message ({@code "body"})
   * @param maxDepth the deepest nesting allowed, the object itself being level 1
   * @param refusal makes the exception for a refused value
   * @return a fresh object in canonical form
   */
  public static ObjectNode copy(JsonNode payload, String field, int maxDepth, Refusal refusal) {
    try {
      return copyOrThrow(payload, field, maxDepth);
    } catch (Refused e) {
      throw refusal.refuse(e.path, Objects.requireNonNullElse(e.getMessage(), "refused"));
    }
  }

  /** Carries the path of a refusal to {@link #copy}; never escapes this class. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;

    Refused(String path, String reason) {
      super(path + " " + reason, null, false, false);
      this.path = path;
    }
  }

  private static ObjectNode copyOrThrow(JsonNode payload, String field, int maxDepth) {
    if (payload == null || !payload.isObject()) {
      throw new Refused(field, "must be a JSON object, was: " + (payload == null ? "null" : payload.getNodeType()));
    }
    ObjectNode root = NODES.objectNode();
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(payload, root, field));
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      String key = null;
      JsonNode child;
      String segment;
      if (frame.fields != null) {
        if (!frame.fields.hasNext()) {
          stack.pop();
          continue;
        }
        Map.Entry<String, JsonNode> e = frame.fields.next();
        key = e.getKey();
        child = e.getValue();
        segment = "." + printable(key);
        int bad = Checks.unstorableIndex(key);
        if (bad >= 0) {
          throw new Refused(path(stack, segment), "has a key that " + Checks.unstorableReason(key, bad));
        }
      } else {
        if (frame.index >= frame.source.size()) {
          stack.pop();
          continue;
        }
        segment = "[" + frame.index + "]";
        child = frame.source.get(frame.index++);
      }
      JsonNode copied;
      if (child.isObject() || child.isArray()) {
        if (stack.size() >= maxDepth) {
          throw new Refused(path(stack, segment), "is nested deeper than " + maxDepth + " levels ("
              + field + " itself is level 1)");
        }
        copied = child.isObject() ? NODES.objectNode() : NODES.arrayNode();
        stack.push(new Frame(child, copied, segment));
      } else {
        copied = scalar(child, stack, segment);
      }
      if (key != null) {
        ((ObjectNode) frame.target).set(key, copied);
      } else {
        ((ArrayNode) frame.target).add(copied);
      }
    }
    return root;
  }

  private static JsonNode scalar(JsonNode n, Deque<Frame> stack, String segment) {
    switch (n.getNodeType()) {
      case STRING:
        String text = n.textValue();
        int bad = Checks.unstorableIndex(text);
        if (bad >= 0) {
          throw new Refused(path(stack, segment), Checks.unstorableReason(text, bad));
        }
        return n;
      case BOOLEAN:
        return BooleanNode.valueOf(n.booleanValue());
      case NULL:
        return NullNode.getInstance();
      case NUMBER:
        return number(n, stack, segment);
      default:
        throw new Refused(path(stack, segment), "holds a " + n.getNodeType() + " node, which is not JSON");
    }
  }

  private static JsonNode number(JsonNode n, Deque<Frame> stack, String segment) {
    if (n.isIntegralNumber()) {
      return n.isBigInteger() ? integer(n.bigIntegerValue(), stack, segment) : integer(n.longValue());
    }
    boolean binary = n.isDouble() || n.isFloat();
    if (binary && !Double.isFinite(n.doubleValue())) {
      throw new Refused(path(stack, segment), "must be a finite number, was: " + n.doubleValue());
    }
    // A double by the shortest text that reads back as it (what the sender wrote), never by its binary value.
    BigDecimal d = n.isFloat() ? new BigDecimal(Float.toString(n.floatValue()))
        : n.isDouble() ? BigDecimal.valueOf(n.doubleValue()) : n.decimalValue();
    String problem = Checks.decimalProblem(d);
    if (problem != null) {
      throw new Refused(path(stack, segment), problem);
    }
    if (binary) {
      return DoubleNode.valueOf(n.doubleValue() == 0 ? 0.0 : d.doubleValue()); // no negative zero: no store keeps it
    }
    if (d.scale() <= 0) {
      return d.signum() == 0 ? IntNode.valueOf(0) : integer(d.toBigIntegerExact(), stack, segment);
    }
    return heldByADouble(d) ? DoubleNode.valueOf(d.doubleValue()) : DecimalNode.valueOf(d);
  }

  /**
   * Whether a double holds exactly what the decimal says, digits after the point included: 2.5 and
   * 10000000.0 yes, 19.90 (the double says 19.9) and 12345678901234567.89 no. The stores write a
   * double with at least one digit after the point, so this reads their text back as the node it was.
   */
  private static boolean heldByADouble(BigDecimal d) {
    double v = d.doubleValue();
    if (!Double.isFinite(v)) {
      return false;
    }
    BigDecimal text = BigDecimal.valueOf(v);
    return (text.scale() < 1 ? text.setScale(1) : text).equals(d);
  }

  private static JsonNode integer(BigInteger v, Deque<Frame> stack, String segment) {
    if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) {
      return integer(v.longValue());
    }
    String problem = Checks.decimalProblem(new BigDecimal(v));
    if (problem != null) {
      throw new Refused(path(stack, segment), problem);
    }
    return BigIntegerNode.valueOf(v);
  }

  private static JsonNode integer(long v) {
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
  }

  /** The path of a child of the frame on top, built only for a message. */
  private static String path(Deque<Frame> stack, String segment) {
    StringBuilder sb = new StringBuilder();
    for (Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
      sb.append(it.next().segment);
    }
    return sb.append(segment).toString();
  }

  /** A key as it may appear in a message: short, with anything unprintable escaped. */
  private static String printable(String key) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < key.length() && sb.length() <= MAX_PATH_SEGMENT; i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.length() > MAX_PATH_SEGMENT ? sb.substring(0, MAX_PATH_SEGMENT - 3) + "..." : sb.toString();
  }

  private static final class Frame {
    final JsonNode source;
    final JsonNode target;
    final String segment;
    final @Nullable Iterator<Map.Entry<String, JsonNode>> fields;
    int index;

    Frame(JsonNode source, JsonNode target, String segment) {
      this.source = source;
      this.target = target;
      this.segment = segment;
      this.fields = source.isObject() ? source.fields() : null;
    }
  }
}
