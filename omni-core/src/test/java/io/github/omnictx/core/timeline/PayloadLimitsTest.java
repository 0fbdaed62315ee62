package io.github.omnictx.core.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.github.omnictx.core.Limits;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Payload numbers, text, nesting and times are bounded in the value types (issue 9, items 2, 3, 7
 * and 8), so that no store is ever handed a value it cannot hold.
 */
class PayloadLimitsTest {
  /** How the adapters read bodies: decimals exact, so an exponent is kept, not rounded to infinity. */
  private static final ObjectMapper EXACT = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final CustomerId ANNA = new CustomerId(UUID.randomUUID());

  private static NewTouchpoint.Builder builder() {
    return NewTouchpoint.builder(ANNA, Channels.STORE.id(), TouchpointType.PURCHASE);
  }

  private static ObjectNode parse(ObjectMapper mapper, String json) {
    try {
      return (ObjectNode) mapper.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** {"a":{"a":...{"leaf":1}}}: {@code levels} objects in all, built without recursion. */
  static ObjectNode nested(int levels) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode at = root;
    for (int i = 1; i < levels; i++) {
      at = at.putObject("a");
    }
    at.put("leaf", 1);
    return root;
  }

  // ------------------------------------------------------------------ item 2: huge exponents

  @Test
  void hugeExponentsAreRefusedNamingThePathWithoutExpandingThem() {
    for (String n : List.of("1e999999999", "1e140000", "1e1000000", "-1e999999999", "1e-999999999")) {
      ObjectNode payload = parse(EXACT, "{\"total\":" + n + "}");
      assertThatThrownBy(() -> builder().payload(payload)).as(n)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("payload.total must have at most 38 digits");
    }
    ObjectNode lines = parse(EXACT, "{\"lines\":[{\"qty\":1},{\"qty\":2e999999999}]}");
    assertThatThrownBy(() -> builder().payload(lines)).hasMessageStartingWith("payload.lines[1].qty ");
  }

  @Test
  void numbersAreBoundedAt38DigitsInAllBeforeAndAfterThePoint() {
    String digits38 = "12345678901234567890123456789012345678";
    assertThat(builder().payload(parse(EXACT, "{\"n\":" + digits38 + "}")).build().payload().orElseThrow()
        .get("n").bigIntegerValue()).isEqualTo(new BigInteger(digits38));
    assertThat(builder().payload(parse(EXACT, "{\"n\":0." + digits38 + "}")).build().payload().orElseThrow()
        .get("n").decimalValue()).isEqualTo(new BigDecimal("0." + digits38));
    assertThatThrownBy(() -> builder().payload(parse(EXACT, "{\"n\":" + digits38 + "9}")))
        .hasMessageContaining("payload.n must have at most 38");
    assertThatThrownBy(() -> builder().payload(parse(EXACT, "{\"n\":0.0" + digits38 + "}")))
        .hasMessageContaining("payload.n must have at most 38 digits after the decimal point");
    assertThatThrownBy(() -> builder().payload(parse(EXACT, "{\"n\":1" + digits38 + ".5}")))
        .hasMessageContaining("payload.n must have at most 38");
    assertThatThrownBy(() -> builder().payload(parse(EXACT, "{\"n\":1e38}")))
        .hasMessageContaining("before the decimal point");
    assertThat(builder().payload(parse(EXACT, "{\"n\":1e37}")).build().payload().orElseThrow().get("n"))
        .isEqualTo(BigIntegerNode.valueOf(BigInteger.TEN.pow(37)));
  }

  @Test
  void nonFiniteAndNonJsonNodesAreRefused() {
    ObjectNode inf = parse(PLAIN, "{\"ratio\":1e400}");
    assertThat(inf.get("ratio").doubleValue()).isInfinite();
    assertThatThrownBy(() -> builder().payload(inf)).hasMessage("payload.ratio must be a finite number, was: Infinity");
    ObjectNode nan = JsonNodeFactory.instance.objectNode();
    nan.putArray("xs").add(DoubleNode.valueOf(Double.NaN));
    assertThatThrownBy(() -> builder().payload(nan)).hasMessageStartingWith("payload.xs[0] must be a finite number");
    ObjectNode bin = JsonNodeFactory.instance.objectNode().set("b", BinaryNode.valueOf(new byte[] {1}));
    assertThatThrownBy(() -> builder().payload(bin)).hasMessageContaining("payload.b holds a BINARY node");
    ObjectNode pojo = JsonNodeFactory.instance.objectNode().set("p", new POJONode(new Object()));
    assertThatThrownBy(() -> builder().payload(pojo)).hasMessageContaining("payload.p holds a POJO node");
  }

  // ------------------------------------------------------------------ item 7: numbers exact

  @Test
  void payloadNumbersAreHeldExactlyInOneCanonicalForm() {
    JsonNode p = builder().payload(parse(EXACT,
        "{\"price\":19.90,\"dime\":0.10,\"big\":12345678901234567.89,\"id\":9007199254740993,\"small\":5,"
            + "\"huge\":123456789012345678901234567890,\"sci\":2E+3,\"frac\":1.5e-5,\"zero\":0.00}"))
        .build().payload().orElseThrow();
    assertThat(p.get("price")).isInstanceOf(DecimalNode.class);
    assertThat(p.get("price").decimalValue().toPlainString()).isEqualTo("19.90");
    assertThat(p.get("dime").decimalValue().toPlainString()).isEqualTo("0.10");
    assertThat(p.get("big").decimalValue().toPlainString()).isEqualTo("12345678901234567.89");
    assertThat(p.get("id")).isEqualTo(LongNode.valueOf(9007199254740993L));
    assertThat(p.get("small")).isEqualTo(IntNode.valueOf(5)).isExactlyInstanceOf(IntNode.class);
    assertThat(p.get("huge")).isEqualTo(BigIntegerNode.valueOf(new BigInteger("123456789012345678901234567890")));
    assertThat(p.get("sci")).isExactlyInstanceOf(IntNode.class).isEqualTo(IntNode.valueOf(2000));
    assertThat(p.get("frac").decimalValue().toPlainString()).isEqualTo("0.000015");
    assertThat(p.get("zero").decimalValue().toPlainString()).isEqualTo("0.00");

    // doubles (the default mapper) stay doubles, read by their shortest text, never their binary expansion
    ObjectNode plain = parse(PLAIN, "{\"a\":0.1,\"b\":2.5,\"c\":1e7,\"d\":2.0,\"z\":-0.0}");
    JsonNode d = builder().payload(plain).build().payload().orElseThrow();
    assertThat(d.get("a").decimalValue().toPlainString()).isEqualTo("0.1");
    assertThat(d.get("b")).isEqualTo(DoubleNode.valueOf(2.5));
    assertThat(d.get("c")).isEqualTo(DoubleNode.valueOf(1e7));
    assertThat(d.get("d").decimalValue().toPlainString()).isEqualTo("2.0");
    assertThat(d.get("z")).isEqualTo(DoubleNode.valueOf(0.0)); // no store keeps a negative zero
    assertThat(d).isEqualTo(plain.put("z", 0.0));
    // a decimal a double holds exactly is that double, so both spellings of 2.5 are one payload
    assertThat(builder().payload(parse(EXACT, "{\"b\":2.5}")).build().payload().orElseThrow().get("b"))
        .isEqualTo(DoubleNode.valueOf(2.5));
  }

  @Test
  void canonicalFormIsAFixedPointAndTheSameThroughEveryEntrance() {
    ObjectNode raw = parse(EXACT, "{\"t\":\"x\",\"n\":[1,2.50,{\"deep\":3e2}],\"b\":true,\"z\":null}");
    JsonNode once = builder().payload(raw).build().payload().orElseThrow();
    assertThat(builder().payload(once).build().payload().orElseThrow()).isEqualTo(once);
    Touchpoint t = builder().payload(raw).build().toTouchpoint(new TouchpointId(UUID.randomUUID()), Instant.now());
    assertThat(t.payload()).isEqualTo(once);
    assertThat(t.toBuilder().payload(raw).build().payload()).isEqualTo(once);
    assertThat(once.toString()).isEqualTo("{\"t\":\"x\",\"n\":[1,2.50,{\"deep\":300}],\"b\":true,\"z\":null}");
  }

  // ------------------------------------------------------------------ item 3: text no store holds

  @Test
  void nulAndUnpairedSurrogatesAreRefusedInPayloadTextAndKeysWithoutEchoingTheText() {
    String secret = "call me on +4915112345678";
    ObjectNode nul = JsonNodeFactory.instance.objectNode().put("text", secret + "\u0000");
    assertThatThrownBy(() -> builder().payload(nul)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payload.text must not contain the NUL character (U+0000 at index 25)")
        .hasMessageNotContaining("4915112345678");
    ObjectNode lone = JsonNodeFactory.instance.objectNode();
    lone.putObject("o").putArray("a").add("ok").add("p\ud800q");
    assertThatThrownBy(() -> builder().payload(lone))
        .hasMessage("payload.o.a[1] must not contain an unpaired UTF-16 surrogate (U+D800 at index 1)");
    ObjectNode lowFirst = JsonNodeFactory.instance.objectNode().put("t", "\udc00\ud83d");
    assertThatThrownBy(() -> builder().payload(lowFirst)).hasMessageContaining("U+DC00 at index 0");
    ObjectNode key = JsonNodeFactory.instance.objectNode().put("k\u0000", 1);
    assertThatThrownBy(() -> builder().payload(key))
        .hasMessage("payload.k\\u0000 has a key that must not contain the NUL character (U+0000 at index 1)");
    ObjectNode keySurrogate = JsonNodeFactory.instance.objectNode().put("\udbff", 1);
    assertThatThrownBy(() -> builder().payload(keySurrogate)).hasMessageContaining("unpaired UTF-16 surrogate");

    ObjectNode fine = JsonNodeFactory.instance.objectNode().put("text", "p\ud83d\ude00q \u2705 \t\n");
    assertThat(builder().payload(fine).build().payload().orElseThrow()).isEqualTo(fine);
  }

  @Test
  void externalIdsAndOtherStoredTextRefuseNulAndUnpairedSurrogates() {
    assertThatThrownBy(() -> builder().externalId("p\ud800q"))
        .hasMessage("externalId must not contain an unpaired UTF-16 surrogate (U+D800 at index 1)");
    assertThatThrownBy(() -> builder().externalId("wamid.\u0000"))
        .hasMessage("externalId must not contain the NUL character (U+0000 at index 6)");
    assertThatThrownBy(() -> Touchpoint.builder().externalId("x\udfff")).hasMessageContaining("U+DFFF");
    assertThat(builder().externalId("p\ud83d\ude00q").build().externalId()).contains("p\ud83d\ude00q");
    assertThatThrownBy(() -> Customer.builder(ANNA, Instant.now()).attribute("name", "Anna\u0000"))
        .hasMessage("attribute name must not contain the NUL character (U+0000 at index 4)");
    assertThatThrownBy(() -> new Attachment("image", Optional.of("https://x/\ud800"), Optional.empty(), Optional.empty(),
        Optional.empty())).hasMessageContaining("attachment url must not contain an unpaired");
    assertThatThrownBy(() -> new DeliveryUpdate("wamid.\u0000", DeliveryStatus.READ, Instant.now(), Optional.empty(),
        Optional.empty())).hasMessageContaining("messageId must not contain the NUL");
  }

  // ------------------------------------------------------------------ item 3: times

  @Test
  void timesOutsideWhatEveryStoreHoldsAreRefused() {
    Instant farFuture = Instant.parse("+300000-01-01T00:00:00Z");
    assertThatThrownBy(() -> builder().occurredAt(farFuture)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("occurredAt must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, was: "
            + "+300000-01-01T00:00:00Z");
    assertThatThrownBy(() -> builder().occurredAt(Limits.EARLIEST.minusNanos(1)))
        .hasMessageStartingWith("occurredAt must be between");
    assertThatThrownBy(() -> builder().occurredAt(Instant.MAX)).hasMessageStartingWith("occurredAt must be between");
    assertThatThrownBy(() -> TimelineQuery.forCustomer(ANNA).from(Instant.MIN)).hasMessageStartingWith("from must be between");
    assertThatThrownBy(() -> Customer.builder(ANNA, farFuture)).hasMessageStartingWith("createdAt must be between");
    assertThat(builder().occurredAt(Limits.EARLIEST).build().occurredAt()).contains(Limits.EARLIEST);
    assertThat(builder().occurredAt(Limits.LATEST.plusNanos(999)).build().occurredAt()).contains(Limits.LATEST);
  }

  // ------------------------------------------------------------------ item 8: depth

  @Test
  void payloadDepthIsBoundedAtTheLimitAndCheckedWithoutRecursion() {
    ObjectNode atLimit = nested(Limits.MAX_PAYLOAD_DEPTH);
    assertThat(builder().payload(atLimit).build().payload().orElseThrow()).isEqualTo(atLimit);
    assertThatThrownBy(() -> builder().payload(nested(Limits.MAX_PAYLOAD_DEPTH + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(" is nested deeper than 24 levels (payload itself is level 1)")
        .hasMessageStartingWith("payload.a.a.a");
    ObjectNode deep = nested(5_000); // StackOverflowError on today's main
    assertThatThrownBy(() -> builder().payload(deep)).hasMessageContaining("nested deeper than 24 levels");
    assertThatThrownBy(() -> Touchpoint.builder().id(new TouchpointId(UUID.randomUUID())).customerId(ANNA)
        .channel(Channels.STORE.id()).type(TouchpointType.PURCHASE).direction(Direction.INBOUND)
        .occurredAt(Instant.now()).payload(deep).build()).hasMessageContaining("nested deeper than 24 levels");
    ObjectNode arrays = JsonNodeFactory.instance.objectNode();
    com.fasterxml.jackson.databind.node.ArrayNode a = arrays.putArray("a");
    for (int i = 2; i < Limits.MAX_PAYLOAD_DEPTH; i++) {
      a = a.addArray();
    }
    assertThat(builder().payload(arrays).build().payload().orElseThrow()).isEqualTo(arrays);
    a.addArray();
    assertThatThrownBy(() -> builder().payload(arrays)).hasMessageContaining("nested deeper");
  }

  @Test
  void aProviderPayloadIsHeldOneLevelShallowerBecauseTheTouchpointKeepsItUnderProvider() {
    assertThat(InboundTouch.MAX_PAYLOAD_DEPTH).isEqualTo(Limits.MAX_PAYLOAD_DEPTH - 1);
    InboundTouch ok = touch(nested(InboundTouch.MAX_PAYLOAD_DEPTH), "hi");
    ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
    wrapped.set("provider", ok.payload());
    assertThat(builder().payload(wrapped).build().payload()).isPresent();
    assertThatThrownBy(() -> touch(nested(InboundTouch.MAX_PAYLOAD_DEPTH + 1), "hi"))
        .hasMessageContaining("nested deeper than 23 levels");
    assertThatThrownBy(() -> touch(nested(2), "hi\u0000")).hasMessage("text must not contain the NUL character (U+0000 at index 2)");
    assertThatThrownBy(() -> touch(nested(2), "hi", "x".repeat(129))).hasMessageStartingWith("topic must be at most 128");
  }

  private static InboundTouch touch(ObjectNode payload, String text) {
    return touch(payload, text, "order-1");
  }

  private static InboundTouch touch(ObjectNode payload, String text, String topic) {
    return new InboundTouch("u1", List.of(Identity.of(io.github.omnictx.core.identity.IdentityKind.TELEGRAM, "42")),
        Optional.empty(), Instant.now(), TouchpointType.MESSAGE, Direction.INBOUND, Optional.of(text), List.of(),
        Optional.of(topic), payload);
  }
}
