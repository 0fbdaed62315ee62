package io.github.omnictx.channels.callcenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Call-centre specifics: distinct keys per event, phone normalisation, per-type validation. */
class CallCenterAdapterTest {

  private static List<InboundEvent> parse(String json) {
    return CallCenterAdapterContractTest.callCenter()
        .parse(CallCenterAdapterContractTest.signedRequest(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static InboundTouch touch(String fixture) {
    return (InboundTouch) CallCenterAdapterContractTest.callCenter()
        .parse(CallCenterAdapterContractTest.signedRequest(Fixtures.bytes(fixture))).get(0);
  }

  @Test
  void theEventsOfOneCallHaveDistinctKeys() {
    List<String> keys = Stream.of("call-started", "ivr-choice", "call-transferred", "recording-available")
        .map(f -> touch("callcenter/" + f + ".json").externalId()).toList();
    assertThat(keys).doesNotHaveDuplicates().allMatch(k -> k.startsWith("call-20240610-0042:"));
  }

  @Test
  void theSameEventTypeTwiceInOneCallIsTwoEventsWhenTheSequenceDiffers() {
    String json = "{\"callId\":\"c1\",\"sequence\":%d,\"type\":\"ivr.choice\",\"ivrDigits\":\"%s\","
        + "\"occurredAt\":\"2024-06-10T07:00:00Z\",\"from\":\"+15551234567\"}";
    InboundTouch first = (InboundTouch) parse(String.format(json, 2, "1")).get(0);
    InboundTouch second = (InboundTouch) parse(String.format(json, 3, "4")).get(0);
    assertThat(first.externalId()).isEqualTo("c1:ivr.choice:2");
    assertThat(second.externalId()).isEqualTo("c1:ivr.choice:3");
    assertThat(parse(String.format(json, 2, "1")).get(0)).isEqualTo(first);
  }

  @Test
  void nationalNumbersAreReadInTheDefaultRegionAndInternationalOnesAsThey() {
    assertThat(touch("callcenter/call-started.json").sender()).containsExactly(Identity.phone("+49 30 12345678"));
    CallCenterAdapter noRegion = new CallCenterAdapter(CallCenterConfig.builder(CallCenterAdapterContractTest.SECRET)
        .clock(CallCenterAdapterContractTest.CLOCK).build());
    assertThatThrownBy(() -> noRegion.parse(CallCenterAdapterContractTest.signedRequest(
        Fixtures.bytes("callcenter/call-started.json"))))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.from"));
  }

  @Test
  void eachEventTypeNeedsItsDetails() {
    String base = "{\"callId\":\"c1\",\"eventId\":\"e1\",\"occurredAt\":\"2024-06-10T07:00:00Z\",\"from\":\"+15551234567\",";
    assertThatThrownBy(() -> parse(base + "\"type\":\"ivr.choice\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.ivrDigits"));
    assertThatThrownBy(() -> parse(base + "\"type\":\"ivr.choice\",\"ivrDigits\":\"12a\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.ivrDigits"));
    assertThatThrownBy(() -> parse(base + "\"type\":\"recording.available\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.recordingUrl"));
    assertThatThrownBy(() -> parse(base + "\"type\":\"call.transferred\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.transferTo"));
    assertThatThrownBy(() -> parse(base + "\"type\":\"call.ended\",\"durationSeconds\":-1}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.durationSeconds"));
    assertThatThrownBy(() -> parse("{\"callId\":\"c1\",\"type\":\"call.ended\",\"occurredAt\":\"2024-06-10T07:00:00Z\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.eventId"));
  }

  @Test
  void unknownEventTypesAreIgnored() {
    assertThat(parse("{\"callId\":\"c1\",\"eventId\":\"e1\",\"type\":\"call.ringing\",\"occurredAt\":\"2024-06-10T07:00:00Z\"}"))
        .singleElement().isInstanceOfSatisfying(IgnoredEvent.class, e -> assertThat(e.kind()).isEqualTo("call.ringing"));
  }

  @Test
  void aWithheldNumberWithACustomerIdIsRecordedForTheCustomer() {
    InboundTouch t = (InboundTouch) parse("{\"callId\":\"c1\",\"eventId\":\"e1\",\"type\":\"call.started\","
        + "\"occurredAt\":\"2024-06-10T07:00:00Z\",\"from\":\"withheld\",\"customerId\":\"CUST-1\"}").get(0);
    assertThat(t.sender()).containsExactly(Identity.of(io.github.omnictx.core.identity.IdentityKind.EXTERNAL, "CUST-1"));
  }

  @Test
  void oldEventsFailVerification() {
    CallCenterAdapter late = new CallCenterAdapter(CallCenterConfig.builder(CallCenterAdapterContractTest.SECRET)
        .clock(Clock.fixed(Instant.ofEpochSecond(CallCenterAdapterContractTest.SIGNED_AT + 301), ZoneOffset.UTC)).build());
    WebhookRequest vector = new CallCenterAdapterContractTest().publishedVector();
    CallCenterAdapterContractTest.callCenter().verify(vector);
    assertThatThrownBy(() -> late.verify(vector)).isInstanceOf(SignatureException.class);
  }

  @Test
  void theAdapterIsInboundOnlyOnTheVoiceChannel() {
    CallCenterAdapter adapter = CallCenterAdapterContractTest.callCenter();
    assertThat(adapter.id()).isEqualTo("call-center");
    assertThat(adapter.channel()).isEqualTo(Channels.VOICE.id());
    assertThat((Object) adapter).isInstanceOf(InboundAdapter.class).isNotInstanceOf(OutboundAdapter.class);
    assertThatThrownBy(() -> CallCenterConfig.builder(CallCenterAdapterContractTest.SECRET).defaultRegion("XX"))
        .hasMessageContaining("defaultRegion");
  }
}
