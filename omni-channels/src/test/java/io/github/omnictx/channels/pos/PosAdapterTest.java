package io.github.omnictx.channels.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Store/POS specifics: exact money, identity rules, validation. */
class PosAdapterTest {

  private static InboundTouch touch(byte[] body) {
    return (InboundTouch) PosAdapterContractTest.pos().parse(PosAdapterContractTest.signedRequest(body)).get(0);
  }

  private static InboundTouch touch(String json) {
    return touch(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void totalsAreExactDecimalsAndAddUpWithoutRounding() {
    JsonNode p = touch(Fixtures.bytes("pos/purchase.json")).payload();
    BigDecimal lines = BigDecimal.ZERO;
    for (JsonNode line : p.get("lines")) {
      lines = lines.add(new BigDecimal(line.get("amount").textValue()));
    }
    assertThat(lines).isEqualByComparingTo("26.28");
    assertThat(lines.toPlainString()).isEqualTo(p.get("subtotal").textValue());
    BigDecimal total = new BigDecimal(p.get("subtotal").textValue()).subtract(new BigDecimal(p.get("discount").textValue()));
    assertThat(total.toPlainString()).isEqualTo(p.get("total").textValue());
    // 0.10 read as a double would be 0.1000000000000000055511151231257827...
    assertThat(new BigDecimal(p.get("lines").get(1).get("unitPrice").textValue()).multiply(BigDecimal.valueOf(3)))
        .isEqualTo(new BigDecimal("0.30"));
  }

  @Test
  void manyDecimalPlacesSurviveUnchanged() {
    JsonNode p = touch("{\"type\":\"purchase\",\"storeId\":\"s\",\"receiptNumber\":\"r\",\"occurredAt\":\"2024-06-10T07:00:00Z\","
        + "\"customer\":{\"customerId\":\"c\"},\"currency\":\"JPY\",\"lines\":[{\"sku\":\"x\",\"quantity\":0.125,"
        + "\"amount\":12345678901234567890.123456789}],\"total\":12345678901234567890.123456789}").payload();
    assertThat(p.get("total").textValue()).isEqualTo("12345678901234567890.123456789");
    assertThat(p.get("lines").get(0).get("quantity").textValue()).isEqualTo("0.125");
  }

  @Test
  void malformedMoneyAndCurrencyAreInvalidInput() {
    String base = "{\"type\":\"purchase\",\"storeId\":\"s\",\"receiptNumber\":\"r\",\"occurredAt\":\"2024-06-10T07:00:00Z\","
        + "\"customer\":{\"customerId\":\"c\"},";
    assertThatThrownBy(() -> touch(base + "\"currency\":\"EUR\",\"total\":\"12,50\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.total"));
    assertThatThrownBy(() -> touch(base + "\"currency\":\"EURO\",\"total\":\"12.50\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.currency"));
    assertThatThrownBy(() -> touch(base + "\"currency\":\"EUR\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.total"));
    assertThatThrownBy(() -> touch(base + "\"currency\":\"EUR\",\"total\":1,\"lines\":[{\"sku\":\"x\",\"quantity\":1}]}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.lines[0].amount"));
    assertThatThrownBy(() -> touch(base + "\"currency\":\"EUR\",\"total\":1,\"type\":\"refund\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.type"));
  }

  @Test
  void aVisitNeedsAVisitIdButNoMoney() {
    assertThatThrownBy(() -> touch("{\"type\":\"visit\",\"storeId\":\"s\",\"occurredAt\":\"2024-06-10T07:00:00Z\","
        + "\"customer\":{\"customerId\":\"c\"}}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.visitId"));
  }

  @Test
  void anInvalidLoyaltyCardOrPhoneIsNamed() {
    String base = "{\"type\":\"visit\",\"storeId\":\"s\",\"visitId\":\"v\",\"occurredAt\":\"2024-06-10T07:00:00Z\",\"customer\":";
    assertThatThrownBy(() -> touch(base + "{\"loyaltyCard\":\" - \"}}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.customer.loyaltyCard"));
    assertThatThrownBy(() -> touch(base + "{\"phone\":\"call me\"}}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.customer.phone"));
  }

  @Test
  void theSameReceiptNumberInTwoStoresIsTwoPurchases() {
    String json = "{\"type\":\"purchase\",\"storeId\":\"%s\",\"receiptNumber\":\"0001\",\"occurredAt\":\"2024-06-10T07:00:00Z\","
        + "\"customer\":{\"customerId\":\"c\"},\"currency\":\"EUR\",\"total\":\"1.00\"}";
    assertThat(touch(String.format(json, "berlin")).externalId()).isNotEqualTo(touch(String.format(json, "hamburg")).externalId());
  }

  @Test
  void oldEventsFailVerification() {
    WebhookRequest vector = new PosAdapterContractTest().publishedVector();
    PosAdapterContractTest.pos().verify(vector);
    PosAdapter late = new PosAdapter(PosConfig.builder(PosAdapterContractTest.SECRET)
        .clock(Clock.fixed(Instant.ofEpochSecond(PosAdapterContractTest.SIGNED_AT + 301), ZoneOffset.UTC)).build());
    assertThatThrownBy(() -> late.verify(vector)).isInstanceOf(SignatureException.class);
  }

  @Test
  void theAdapterIsInboundOnlyOnTheStoreChannel() {
    PosAdapter adapter = PosAdapterContractTest.pos();
    assertThat(adapter.id()).isEqualTo("pos");
    assertThat(adapter.channel()).isEqualTo(Channels.STORE.id());
    assertThat((Object) adapter).isInstanceOf(InboundAdapter.class).isNotInstanceOf(OutboundAdapter.class);
  }

  @Test
  void hugeExponentsAreABadRequestNamingTheFieldAndAreNeverExpanded() {
    String base = "{\"type\":\"purchase\",\"storeId\":\"s\",\"receiptNumber\":\"r\",\"occurredAt\":\"2024-06-10T07:00:00Z\","
        + "\"customer\":{\"customerId\":\"c\"},\"currency\":\"EUR\",";
    // as a string, read by the adapter (on main: toPlainString() of a billion digits, OutOfMemoryError)
    for (String total : java.util.List.of("\"1e999999999\"", "\"1e140000\"", "\"-1e1000000\"", "\"1e-999999999\"")) {
      assertThatThrownBy(() -> touch(base + "\"total\":" + total + "}")).as(total)
          .isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("body.total");
            assertThat(e).hasMessageStartingWith("body.total must have at most 38 digits");
          });
    }
    // as a JSON number anywhere in the body: refused while the body is read
    assertThatThrownBy(() -> touch(base + "\"total\":1,\"lines\":[{\"sku\":\"x\",\"quantity\":1,\"amount\":1e999999999}]}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.lines[0].amount"));
    assertThatThrownBy(() -> touch(base + "\"total\":1,\"note\":{\"n\":1e140000}}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.note.n"));
    assertThat(touch(base + "\"total\":\"1e3\"}").payload().get("total").textValue()).isEqualTo("1000");
  }

  @Test
  void valuesNoStoreCanHoldAreABadRequestNamingTheField() {
    String base = "{\"type\":\"purchase\",\"storeId\":\"s\",\"currency\":\"EUR\",\"total\":1,\"customer\":{\"customerId\":\"c\"},";
    assertThatThrownBy(() -> touch(base + "\"receiptNumber\":\"r\\u0000\",\"occurredAt\":\"2024-06-10T07:00:00Z\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("body.receiptNumber");
          assertThat(e).hasMessage("body.receiptNumber must not contain the NUL character (U+0000 at index 1)");
        });
    assertThatThrownBy(() -> touch(base + "\"receiptNumber\":\"p\\ud800q\",\"occurredAt\":\"2024-06-10T07:00:00Z\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e).hasMessageContaining("unpaired UTF-16 surrogate"));
    assertThatThrownBy(() -> touch(base + "\"receiptNumber\":\"r\",\"occurredAt\":\"+300000-01-01T00:00:00Z\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.field()).isEqualTo("body.occurredAt");
          assertThat(e).hasMessageStartingWith("body.occurredAt must be between 0001-01-01T00:00:00Z and 9999-12-31");
        });
    String deep = "{\"a\":".repeat(30) + "1" + "}".repeat(30);
    assertThatThrownBy(() -> touch(base + "\"receiptNumber\":\"r\",\"occurredAt\":\"2024-06-10T07:00:00Z\",\"x\":" + deep + "}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e).hasMessageContaining("nested deeper than 23 levels"));
    String tooDeep = "[".repeat(5000) + "]".repeat(5000);
    assertThatThrownBy(() -> touch(base + "\"receiptNumber\":\"r\",\"occurredAt\":\"2024-06-10T07:00:00Z\",\"x\":" + tooDeep + "}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("body is not valid JSON");
  }
}
