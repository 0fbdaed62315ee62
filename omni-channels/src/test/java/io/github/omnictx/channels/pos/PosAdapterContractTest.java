package io.github.omnictx.channels.pos;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.AdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.SignedJsonRequests;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The adapter contract for the store/POS (inbound-only), with the fixtures under {@code pos/}. */
class PosAdapterContractTest extends AdapterContractTest<PosAdapter> {
  static final String SECRET = "omni-test-pos-secret-000000001";
  static final long SIGNED_AT = 1718005267;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT + 5), ZoneOffset.UTC);
  static final String URL = "https://omni.example.org/webhooks/pos";
  static final Identity CARD = Identity.loyaltyCard("4000123456789012");

  static PosAdapter pos() {
    return new PosAdapter(PosConfig.builder(SECRET).defaultRegion("DE").clock(CLOCK).build());
  }

  static WebhookRequest signedRequest(byte[] body) {
    return SignedJsonRequests.signed(URL, SECRET, CLOCK, body);
  }

  @Override
  protected PosAdapter adapter(String baseUrl) {
    return pos();
  }

  @Override
  protected WebhookRequest publishedVector() {
    return SignedJsonRequests.withSignature(URL, SIGNED_AT,
        "v1=afe3d25fa083ba03bce5487ac0ec5dc8f9403fe090915a79d64051ecca98b45a",
        Fixtures.bytes("pos/purchase.json"));
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return signedRequest(body);
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), "X-Omni-Signature");
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("purchase", signed(Fixtures.bytes("pos/purchase.json")), events -> {
          assertThat(events).hasSize(1);
          InboundTouch t = (InboundTouch) events.get(0);
          assertThat(t.externalId()).isEqualTo("berlin-mitte:0042-20240610-000917");
          assertThat(t.sender()).containsExactly(CARD, Identity.phone("+4915123456789"));
          assertThat(t.type()).isEqualTo(TouchpointType.PURCHASE);
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.occurredAt()).isEqualTo(Instant.parse("2024-06-10T07:41:07Z"));
          assertThat(t.topic()).contains("0042-20240610-000917");
          assertThat(t.text()).isEmpty();
          assertThat(t.payload().get("total").textValue()).isEqualTo("25.28");
          assertThat(t.payload().get("subtotal").textValue()).isEqualTo("26.28");
          assertThat(t.payload().get("lines").get(1).get("unitPrice").textValue()).isEqualTo("0.10");
          assertThat(t.payload().get("lines").get(1).get("amount").textValue()).isEqualTo("0.30");
          assertThat(t.payload().get("lines").get(1).get("quantity").textValue()).isEqualTo("3");
          assertThat(t.payload().get("currency").textValue()).isEqualTo("EUR");
          assertThat(t.payload().get("till").textValue()).isEqualTo("3");
        }),
        new Sample("return", signed(Fixtures.bytes("pos/return.json")), events -> {
          InboundTouch t = (InboundTouch) events.get(0);
          assertThat(t.externalId()).isEqualTo("berlin-mitte:0042-20240612-000031");
          assertThat(t.type()).isEqualTo(TouchpointType.RETURN);
          assertThat(t.sender()).containsExactly(CARD, Identity.of(IdentityKind.EXTERNAL, "CUST-1001"));
          assertThat(t.topic()).contains("0042-20240610-000917");
          assertThat(t.payload().get("total").textValue()).isEqualTo("-12.99");
          assertThat(t.payload().get("reason").textValue()).isEqualTo("wrong size");
        }),
        new Sample("visit", signed(Fixtures.bytes("pos/visit.json")), events -> {
          InboundTouch t = (InboundTouch) events.get(0);
          assertThat(t.externalId()).isEqualTo("hamburg-jungfernstieg:visit:v-20240611-0815");
          assertThat(t.type()).isEqualTo(TouchpointType.STORE_VISIT);
          assertThat(t.sender()).containsExactly(CARD);
          assertThat(t.topic()).isEmpty();
          assertThat(t.occurredAt()).isEqualTo(Instant.parse("2024-06-11T08:15:00Z"));
        }),
        new Sample("anonymous-purchase", signed(Fixtures.bytes("pos/anonymous-purchase.json")), events ->
            assertThat(events).singleElement().isInstanceOfSatisfying(IgnoredEvent.class,
                e -> assertThat(e.kind()).isEqualTo("purchase"))));
  }
}
