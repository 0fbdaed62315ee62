package io.github.omnictx.channels.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.MessagingAdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class InstagramAdapterContractTest extends MessagingAdapterContractTest<MetaMessagingAdapter> {
  private static final String URL = "https://omni.example.org/webhooks/instagram";
  private static final Identity IGSID = Identity.of(IdentityKind.INSTAGRAM, "1234567890123456");
  private static final String MID_PREFIX = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTkwMTU5MzMwMzc5MDc0ODp";
  private static final String ECHO_MID = MID_PREFIX + "FQ0hPMQZDZD";

  private static MetaConfig config(String baseUrl) {
    return MetaConfig.instagram().appSecret(MessengerAdapterContractTest.SECRET).verifyToken("omni-verify-token")
        .accessToken("IGtoken").accountId("17841400000000001").apiBaseUrl(baseUrl).build();
  }

  @Override
  protected MetaMessagingAdapter adapter(String baseUrl) {
    return new MetaMessagingAdapter(config(baseUrl));
  }

  private WebhookRequest fixture(String name) {
    return signed(Fixtures.bytes("instagram/" + name));
  }

  @Override
  protected WebhookRequest publishedVector() {
    return MessengerAdapterContractTest.request(URL, Fixtures.bytes("instagram/message-text.json"),
        "sha256=5a6dd84a4c667b33ea5185b3396026f35c89aa4a1fad5a492d44754bf7ccef0b");
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return MessengerAdapterContractTest.request(URL, body,
        "sha256=" + Hmac.sha256Hex(MessengerAdapterContractTest.SECRET, body));
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), "X-Hub-Signature-256");
  }

  private static InboundTouch onlyTouch(List<InboundEvent> events) {
    assertThat(events).hasSize(1).first().isInstanceOf(InboundTouch.class);
    return (InboundTouch) events.get(0);
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("text", fixture("message-text.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo(MID_PREFIX + "URVNUMQZDZD");
          assertThat(t.sender()).containsExactly(IGSID);
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochMilli(1718003400210L));
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).contains("Is this still available?");
        }),
        new Sample("image", fixture("message-image.json"), events -> assertThat(onlyTouch(events).attachments())
            .containsExactly(new Attachment("image", Optional.of(
                "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18000000000000001&signature=AbTestSignatureValue"),
                Optional.empty(), Optional.empty(), Optional.empty()))),
        new Sample("story mention", fixture("message-story-mention.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo(MID_PREFIX + "URVNUMwZDZD");
          assertThat(t.attachments()).containsExactly(new Attachment("story_mention", Optional.of(
              "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18000000000000002&signature=AbTestStoryCdnUrl"),
              Optional.empty(), Optional.empty(), Optional.empty()));
        }),
        new Sample("echo", fixture("message-echo.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo(ECHO_MID);
          assertThat(t.direction()).isEqualTo(Direction.OUTBOUND);
          assertThat(t.sender()).containsExactly(IGSID);
          assertThat(t.text()).contains("Yes, it is! Want me to reserve it?");
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochMilli(1718003580210L));
        }),
        new Sample("seen", fixture("messaging-seen.json"), events -> assertThat(events).containsExactly(
            new DeliveryUpdate(ECHO_MID, DeliveryStatus.READ, Instant.ofEpochMilli(1718003640210L), Optional.empty(),
                Optional.empty()))));
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(IGSID, "Yes, it is! Want me to reserve it?", "omni-out-1");
  }

  @Override
  protected MockResponse accepted() {
    return new MockResponse().setBody(Fixtures.text("instagram/outbound-send-response-ok.json"));
  }

  @Override
  protected String acceptedId() {
    return ECHO_MID;
  }

  @Override
  protected MockResponse permanentError() {
    return new MockResponse().setResponseCode(400).setBody(Fixtures.text("messenger/outbound-error-551-unavailable.json"));
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getPath()).isEqualTo("/v21.0/17841400000000001/messages");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer IGtoken");
    assertThat(MessengerAdapterContractTest.json(request.getBody().readUtf8()))
        .isEqualTo(MessengerAdapterContractTest.json(Fixtures.text("instagram/outbound-send-text-request.json")));
  }

  @Test
  void channelAndIdAreInstagrams() {
    MetaMessagingAdapter adapter = new MetaMessagingAdapter(config("http://localhost/"));
    assertThat(adapter.id()).isEqualTo("instagram");
    assertThat(adapter.channel()).isEqualTo(Channels.INSTAGRAM.id());
  }

  @Test
  void messengerRecipientIsRejectedWithoutACall() {
    MetaMessagingAdapter adapter = new MetaMessagingAdapter(config(server.url("/").toString()));
    OutboundMessage wrong = OutboundMessage.text(Identity.of(IdentityKind.MESSENGER, "6543210987654321"), "hi", "k");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> adapter.send(wrong))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
    assertThat(server.getRequestCount()).isZero();
  }
}
