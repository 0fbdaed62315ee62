package io.github.omnictx.channels.callcenter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.AdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.SignedJsonRequests;
import io.github.omnictx.core.channel.spi.Attachment;
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
import java.util.Optional;

/** The adapter contract for the call centre (inbound-only), with the fixtures under {@code callcenter/}. */
class CallCenterAdapterContractTest extends AdapterContractTest<CallCenterAdapter> {
  static final String SECRET = "omni-test-callcenter-secret-01";
  static final long SIGNED_AT = 1718003400;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT + 30), ZoneOffset.UTC);
  static final String URL = "https://omni.example.org/webhooks/call-center";
  private static final Identity ANA = Identity.phone("+493012345678");

  static CallCenterAdapter callCenter() {
    return new CallCenterAdapter(CallCenterConfig.builder(SECRET).defaultRegion("DE").clock(CLOCK).build());
  }

  static WebhookRequest signedRequest(byte[] body) {
    return SignedJsonRequests.signed(URL, SECRET, CLOCK, body);
  }

  @Override
  protected CallCenterAdapter adapter(String baseUrl) {
    return callCenter();
  }

  @Override
  protected WebhookRequest publishedVector() {
    return SignedJsonRequests.withSignature(URL, SIGNED_AT,
        "v1=506eb7c32412757b5f6c3e38b70b480b18c86d8bf7100915b45c9e3d47915295",
        Fixtures.bytes("callcenter/call-started.json"));
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return signedRequest(body);
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), "X-Omni-Signature");
  }

  private static InboundTouch only(List<?> events) {
    assertThat(events).hasSize(1);
    return (InboundTouch) events.get(0);
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("call-started", signed(Fixtures.bytes("callcenter/call-started.json")), events -> {
          InboundTouch t = only(events);
          assertThat(t.externalId()).isEqualTo("call-20240610-0042:call.started:1");
          assertThat(t.sender()).containsExactly(ANA);
          assertThat(t.senderName()).contains("Ana Test");
          assertThat(t.occurredAt()).isEqualTo(Instant.parse("2024-06-10T07:10:00Z"));
          assertThat(t.type()).isEqualTo(TouchpointType.CALL);
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).isEmpty();
          assertThat(t.attachments()).isEmpty();
          assertThat(t.payload().get("queue").asText()).isEqualTo("orders");
          assertThat(t.payload().get("type").asText()).isEqualTo("call.started");
        }),
        new Sample("ivr-choice", signed(Fixtures.bytes("callcenter/ivr-choice.json")), events -> {
          InboundTouch t = only(events);
          assertThat(t.externalId()).isEqualTo("call-20240610-0042:ivr.choice:2");
          assertThat(t.sender()).containsExactly(ANA);
          assertThat(t.payload().get("ivrDigits").asText()).isEqualTo("2");
        }),
        new Sample("call-transferred", signed(Fixtures.bytes("callcenter/call-transferred.json")), events -> {
          InboundTouch t = only(events);
          assertThat(t.externalId()).isEqualTo("call-20240610-0042:call.transferred:4");
          assertThat(t.sender()).containsExactly(ANA, Identity.of(IdentityKind.EXTERNAL, "CUST-1001"));
          assertThat(t.topic()).contains("order-42");
          assertThat(t.payload().get("agentId").asText()).isEqualTo("agent-7");
          assertThat(t.payload().get("transferTo").asText()).isEqualTo("queue:returns");
        }),
        new Sample("recording-available", signed(Fixtures.bytes("callcenter/recording-available.json")), events -> {
          InboundTouch t = only(events);
          assertThat(t.externalId()).isEqualTo("call-20240610-0042:recording.available:7");
          assertThat(t.attachments()).containsExactly(new Attachment("audio",
              Optional.of("https://pbx.example.org/recordings/call-20240610-0042.mp3"), Optional.of("rec-0042"),
              Optional.of("audio/mpeg"), Optional.empty()));
          assertThat(t.payload().get("durationSeconds").asInt()).isEqualTo(312);
        }),
        new Sample("outbound-call-ended", signed(Fixtures.bytes("callcenter/outbound-call-ended.json")), events -> {
          InboundTouch t = only(events);
          assertThat(t.externalId()).isEqualTo("call-20240610-0077:call.ended:evt-9100");
          assertThat(t.direction()).isEqualTo(Direction.OUTBOUND);
          assertThat(t.sender()).containsExactly(Identity.phoneLenient("+15551234567"));
          assertThat(t.text()).contains("Called back about the damaged parcel; replacement sent.");
        }),
        new Sample("anonymous-call-started", signed(Fixtures.bytes("callcenter/anonymous-call-started.json")), events ->
            assertThat(events).singleElement().isInstanceOfSatisfying(IgnoredEvent.class,
                e -> assertThat(e.kind()).isEqualTo("call.started"))));
  }
}
