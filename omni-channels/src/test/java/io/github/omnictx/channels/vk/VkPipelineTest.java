package io.github.omnictx.channels.vk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import io.github.omnictx.core.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** VK callbacks through the whole webhook pipeline into the timeline. */
class VkPipelineTest {
  private final List<OmniEvent> events = new CopyOnWriteArrayList<>();
  private final OmniTenant shop = Omni.builder().listener(events::add)
      .adapter(new VkAdapter(VkAdapterContractTest.config("http://127.0.0.1:9/")))
      .adapter(new VkAdapter(VkAdapterContractTest.config("http://127.0.0.1:9/").toBuilder().id("vk-later")
          .clock(Clock.fixed(VkAdapterContractTest.NOW.plusSeconds(60), ZoneOffset.UTC)).build()))
      .build().tenant("acme");

  private static String text(WebhookResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private List<Touchpoint> timelineOfAnna() {
    Customer anna = shop.customers().getByIdentity(VkAdapterContractTest.ANNA);
    return shop.timeline().page(TimelineQuery.forCustomer(anna.id()).oldestFirst().build()).items();
  }

  @Test
  void sameMessageNewDeliveredFiveTimesConcurrentlyRecordsOneTouchpoint() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<WebhookResponse> responses = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<WebhookResponse>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return shop.webhooks().handle("vk", VkAdapterContractTest.fixture("message-new-photo.json"));
        }));
      }
      start.countDown();
      for (Future<WebhookResponse> f : futures) {
        responses.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(responses).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(text(r)).isEqualTo("ok");
    });
    assertThat(timelineOfAnna()).singleElement().satisfies(t -> {
      assertThat(t.externalId()).contains("4712");
      assertThat(t.payload().path("attachments")).hasSize(1);
      assertThat(t.payload().path("provider").has("secret")).isFalse();
    });
    assertThat(shop.conversations().ofCustomer(shop.customers().getByIdentity(VkAdapterContractTest.ANNA).id()))
        .hasSize(1);
  }

  @Test
  void aCommunityReplyIsRecordedAsTheBusinessSpeakingNeverAsTheCustomer() {
    shop.webhooks().handle("vk", VkAdapterContractTest.fixture("message-new-text.json"));
    WebhookResult reply = shop.webhooks().process("vk", VkAdapterContractTest.fixture("message-reply.json"));
    assertThat(reply.recorded()).hasSize(1);
    List<Touchpoint> timeline = timelineOfAnna();
    assertThat(timeline).extracting(Touchpoint::direction).containsExactly(Direction.INBOUND, Direction.OUTBOUND);
    assertThat(timeline.get(1).payloadText("text")).contains("Заказ 100234 передан в доставку, курьер приедет завтра.");
    assertThat(timeline.get(1).conversationId()).as("history, not a message from the customer").isEmpty();
  }

  @Test
  void confirmationIsAnsweredWithTheCodeAndRecordsNothing() {
    WebhookResult r = shop.webhooks().process("vk", VkAdapterContractTest.fixture("confirmation.json"));
    assertThat(r.response().status()).isEqualTo(200);
    assertThat(text(r.response())).isEqualTo(VkAdapterContractTest.CODE);
    assertThat(events).isEmpty();
  }

  @Test
  void wrongSecretOrUnknownGroupIsForbiddenAndStoresNothing() {
    String body = Fixtures.text("vk/message-new-text.json");
    List<String> forged = List.of(body.replace(VkAdapterContractTest.SECRET, "s3cr3tKey43"),
        body.replace("\"group_id\":214167102", "\"group_id\":214167103"),
        Fixtures.text("vk/confirmation.json").replace("\"group_id\":214167102", "\"group_id\":1"));
    for (String f : forged) {
      WebhookResult r = shop.webhooks().process("vk", VkAdapterContractTest.request(f.getBytes(StandardCharsets.UTF_8)));
      assertThat(r.response().status()).isEqualTo(403);
      assertThat(text(r.response())).isNotEqualTo(VkAdapterContractTest.CODE);
    }
    assertThat(shop.customers().findByIdentity(VkAdapterContractTest.ANNA)).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void messageAllowAndDenyBecomeTheCustomersConsentAnswersOnVk() {
    WebhookResult allow = shop.webhooks().process("vk", VkAdapterContractTest.fixture("message-allow.json"));
    assertThat(text(allow.response())).isEqualTo("ok");
    assertThat(allow.consents()).isEqualTo(2);
    CustomerId anna = shop.customers().getByIdentity(VkAdapterContractTest.ANNA).id();
    assertThat(shop.consents().find(anna, Channels.VK.id(), Purpose.SERVICE)).hasValueSatisfying(c -> {
      assertThat(c.status()).isEqualTo(ConsentStatus.GRANTED);
      assertThat(c.source()).isEqualTo("vk:message_allow");
    });
    assertThat(shop.consents().find(anna, Channels.VK.id(), Purpose.MARKETING)).as("no marketing opt-in").isEmpty();

    // the same community a minute later (a second adapter on the channel, its clock a minute on)
    WebhookResult deny = shop.webhooks().process("vk-later", VkAdapterContractTest.fixture("message-deny.json"));
    assertThat(text(deny.response())).isEqualTo("ok");
    assertThat(deny.consents()).isEqualTo(3);
    for (Purpose purpose : Purpose.values()) {
      assertThat(shop.consents().find(anna, Channels.VK.id(), purpose)).as(purpose.toString())
          .hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(ConsentStatus.REVOKED));
    }
  }

  @Test
  void aDenialByAStrangerIsKeptNowhere() {
    WebhookResult deny = shop.webhooks().process("vk", VkAdapterContractTest.fixture("message-deny.json"));
    assertThat(text(deny.response())).isEqualTo("ok");
    assertThat(deny.consents()).isZero();
    assertThat(shop.customers().findByIdentity(VkAdapterContractTest.ANNA)).isEmpty();
  }

  @Test
  void messageEditChangesTheRecordedMessageAndKeepsTheFirstText() {
    shop.webhooks().handle("vk", VkAdapterContractTest.fixture("message-new-text.json"));
    WebhookResult edit = shop.webhooks().process("vk", VkAdapterContractTest.fixture("message-edit.json"));
    assertThat(text(edit.response())).isEqualTo("ok");
    assertThat(edit.changes()).isEqualTo(1);
    assertThat(edit.recorded()).isEmpty();
    Touchpoint t = timelineOfAnna().get(0);
    assertThat(t.payloadText("text")).contains("Здравствуйте! Где мой заказ 100243?");
    assertThat(t.payloadText("originalText")).contains("Здравствуйте! Где мой заказ 100234?");
    assertThat(timelineOfAnna()).hasSize(1);
  }

  @Test
  void typingIsAcknowledgedWithOkAndRecordsNothing() {
    WebhookResult r = shop.webhooks().process("vk", VkAdapterContractTest.fixture("message-typing-state.json"));
    assertThat(r.response().status()).isEqualTo(200);
    assertThat(text(r.response())).isEqualTo("ok");
    assertThat(r.recorded()).isEmpty();
    assertThat(events).isEmpty();
  }
}
