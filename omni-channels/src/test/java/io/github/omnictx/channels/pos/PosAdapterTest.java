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
}
