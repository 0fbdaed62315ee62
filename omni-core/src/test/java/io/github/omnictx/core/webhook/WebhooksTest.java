package io.github.omnictx.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TouchpointRepository;
import io.github.omnictx.core.spi.TransactionWork;
import io.github.omnictx.core.testing.ForwardingTransaction;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The webhook pipeline over a minimal adapter, so the pipeline's own promises are tested alone. */
class WebhooksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {"events":[{"type":"message","id":..,"from":..,"text":..} | {"type":"status","id":..,"status":..} | {"type":"ping"}]} */
  static final class TestAdapter implements InboundAdapter {
    @Override
    public String id() {
      return "test-chat";
    }

    @Override
    public ChannelId channel() {
      return Channels.WEB_CHAT.id();
    }

    @Override
    public Optional<WebhookResponse> handshake(WebhookRequest request) {
      if (request.method().equals("GET") && request.queryParam("challenge").isPresent()) {
        if (!request.queryParam("token").equals(Optional.of("verify-me"))) {
          throw new SignatureException("verify token does not match", false);
        }
        return Optional.of(WebhookResponse.text(200, request.queryParam("challenge").get()));
      }
      return Optional.empty();
    }

    @Override
    public void verify(WebhookRequest request) {
      String given = request.header("X-Secret").orElseThrow(() -> new SignatureException("no X-Secret", true));
      if (!given.equals("s3cret")) {
        throw new SignatureException("X-Secret does not match", false);
      }
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
      JsonNode root;
      try {
        root = JSON.readTree(request.body());
      } catch (Exception e) {
        throw new InvalidInputException("body", "not JSON");
      }
      if (root == null || !root.path("events").isArray()) {
        throw new InvalidInputException("events", "events must be an array");
      }
      List<InboundEvent> out = new ArrayList<>();
      for (JsonNode e : root.get("events")) {
        switch (e.path("type").asText()) {
          case "message" -> out.add(new InboundTouch(e.get("id").asText(),
              List.of(Identity.of(IdentityKind.DEVICE, e.get("device").asText()), Identity.phone(e.get("from").asText())),
              Optional.of("Anna"), Instant.parse("2026-03-02T08:59:00Z"), TouchpointType.MESSAGE, Direction.INBOUND,
              Optional.of(e.get("text").asText()), List.of(), Optional.empty(), e));
          case "status" -> out.add(new DeliveryUpdate(e.get("id").asText(), DeliveryStatus.valueOf(e.get("status").asText()),
              Instant.parse("2026-03-02T09:00:00Z"), Optional.empty(), Optional.empty()));
          case "ping" -> out.add(new IgnoredEvent("ping", "keep-alive"));
          case "boom" -> throw new IllegalStateException("adapter bug");
          default -> throw new InvalidInputException("type", "unknown type");
        }
      }
      return out;
    }
  }

  /**
   * Fails every unit of work while {@code down} is set, like a database that went away; and, while
   * {@code failAppendOf} names an external id, fails the append of that touchpoint with {@code
   * appendFailure} (after everything before it in the unit of work has been written).
   */
  static final class FlakyStore implements OmniStore {
    @Override
    public io.github.omnictx.core.spi.OutboxClaims outbox() {
      return delegate.outbox();
    }

    final OmniStore delegate = new InMemoryStore();
    final java.util.concurrent.atomic.AtomicInteger units = new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean down;
    volatile String failAppendOf;
    volatile RuntimeException appendFailure;

    @Override
    public <T> T inTransaction(TenantId tenant, TransactionWork<T> work) {
      units.incrementAndGet();
      if (down) {
        throw new StoreException("connection refused");
      }
      return delegate.inTransaction(tenant, tx -> work.execute(new FailingAppends(tx)));
    }

    private final class FailingAppends extends ForwardingTransaction {
      FailingAppends(StoreTransaction tx) {
        super(tx);
      }

      @Override
      public TouchpointRepository touchpoints() {
        TouchpointRepository real = tx.touchpoints();
        return (TouchpointRepository) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {TouchpointRepository.class}, (proxy, method, args) -> {
              if (method.getName().startsWith("append") && failAppendOf != null
                  && args[0].toString().contains("ext " + failAppendOf)) {
                throw appendFailure;
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
      }
    }
  }

  private final MutableClock clock = MutableClock.atMondayMorning();
  private final FlakyStore store = new FlakyStore();
  private final OmniTenant shop = Omni.builder().store(store).clock(clock).adapter(new TestAdapter()).build().tenant("acme");

  private static WebhookRequest post(String body, String secret) {
    WebhookRequest.Builder b = WebhookRequest.builder("POST", "https://shop.example/hooks/test-chat")
        .header("Content-Type", "application/json").body(body);
    if (secret != null) {
      b.header("X-Secret", secret);
    }
    return b.build();
  }

  private static String message(String id) {
    return "{\"events\":[{\"type\":\"message\",\"id\":\"" + id + "\",\"device\":\"dev-1\",\"from\":\"+4915112345678\",\"text\":\"Where is my order?\"}]}";
  }

  private Optional<Customer> anna() {
    return shop.customers().findByIdentity(Identity.phone("+4915112345678"));
  }

  private List<Touchpoint> timeline(Customer c) {
    return shop.timeline().page(TimelineQuery.forCustomer(c.id()).build()).items();
  }

  @Test
  void messageIsRecordedForTheResolvedCustomerInTheirConversation() {
    WebhookResult result = shop.webhooks().process("test-chat", post(message("m1"), "s3cret"));

    assertThat(result.response().status()).isEqualTo(200);
    assertThat(result.recorded()).hasSize(1);
    Customer anna = anna().orElseThrow();
    assertThat(anna.identities()).contains(Identity.of(IdentityKind.DEVICE, "dev-1"));
    Touchpoint t = timeline(anna).get(0);
    assertThat(t.payloadText("text")).contains("Where is my order?");
    assertThat(t.payloadText("senderName")).contains("Anna");
    assertThat(t.payload().get("provider").get("id").asText()).isEqualTo("m1");
    assertThat(t.conversationId()).isPresent();
    Conversation c = shop.conversations().get(t.conversationId().get());
    assertThat(c.channels()).containsExactly(Channels.WEB_CHAT.id());
  }

  @Test
  void duplicateDeliveryIsSuccessThatRecordsNothingNew() {
    shop.webhooks().process("test-chat", post(message("m1"), "s3cret"));
    WebhookResult again = shop.webhooks().process("test-chat", post(message("m1"), "s3cret"));

    assertThat(again.response().status()).isEqualTo(200);
    assertThat(again.recorded()).isEmpty();
    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(timeline(anna().orElseThrow())).hasSize(1);
  }

  @Test
  void concurrentRedeliveriesRecordOneTouchpoint() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<WebhookResponse>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return shop.webhooks().handle("test-chat", post(message("m-race"), "s3cret"));
        }));
      }
      start.countDown();
      for (Future<WebhookResponse> f : futures) {
        assertThat(f.get().status()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    Customer anna = anna().orElseThrow();
    assertThat(timeline(anna)).hasSize(1);
    assertThat(shop.conversations().ofCustomer(anna.id())).hasSize(1);
  }

  @Test
  void refusedRequestsRecordNothing() {
    assertThat(shop.webhooks().handle("test-chat", post(message("m1"), null)).status()).isEqualTo(401);
    assertThat(shop.webhooks().handle("test-chat", post(message("m1"), "guess")).status()).isEqualTo(403);
    assertThat(shop.webhooks().handle("test-chat", post("{\"events\":", "s3cret")).status()).isEqualTo(400);
    assertThat(shop.webhooks().handle("test-chat", post("{\"events\":[{\"type\":\"what\"}]}", "s3cret")).status())
        .isEqualTo(400);
    assertThat(shop.webhooks().handle("nope", post(message("m1"), "s3cret")).status()).isEqualTo(404);
    String huge = "{\"events\":[],\"pad\":\"" + "x".repeat(Omni.DEFAULT_MAX_WEBHOOK_BODY_BYTES) + "\"}";
    assertThat(shop.webhooks().handle("test-chat", post(huge, "s3cret")).status()).isEqualTo(413);
    WebhookRequest put = WebhookRequest.builder("PUT", "https://shop.example/hooks/test-chat").header("X-Secret", "s3cret")
        .body(message("m1")).build();
    assertThat(shop.webhooks().handle("test-chat", put).status()).isEqualTo(405);

    assertThat(anna()).isEmpty();
    assertThat(shop.timeline().findByExternalId(Channels.WEB_CHAT.id(), "m1")).isEmpty();
  }

  @Test
  void adapterBugIsContainedAsServerErrorAndRecordsNothing() {
    WebhookResponse r = shop.webhooks().handle("test-chat", post("{\"events\":[{\"type\":\"boom\"}]}", "s3cret"));
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.bodyText()).doesNotContain("adapter bug");
  }

  @Test
  void handshakeIsAnsweredAndAWrongTokenRefused() {
    WebhookRequest ok = WebhookRequest.builder("GET", "https://shop.example/hooks/test-chat?challenge=1158201444&token=verify-me").build();
    WebhookRequest wrong = WebhookRequest.builder("GET", "https://shop.example/hooks/test-chat?challenge=1158201444&token=x").build();
    assertThat(shop.webhooks().handle("test-chat", ok).bodyText()).isEqualTo("1158201444");
    assertThat(shop.webhooks().handle("test-chat", wrong).status()).isEqualTo(403);
  }

  @Test
  void deliveryStatusMovesTheOutboundTouchpointForward() {
    Customer anna = shop.customers().create(List.of(Identity.phone("+4915112345678")), java.util.Map.of());
    Touchpoint out = shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.WEB_CHAT.id(), TouchpointType.MESSAGE)
        .direction(Direction.OUTBOUND).externalId("out-1").status(DeliveryStatus.SENT).build()).touchpoint();

    WebhookResult r = shop.webhooks().process("test-chat", post(
        "{\"events\":[{\"type\":\"status\",\"id\":\"out-1\",\"status\":\"READ\"},{\"type\":\"status\",\"id\":\"unknown\",\"status\":\"READ\"},{\"type\":\"ping\"}]}",
        "s3cret"));

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.statusUpdates()).isEqualTo(1);
    assertThat(r.ignored()).isEqualTo(2);
    assertThat(shop.timeline().get(out.id()).status()).contains(DeliveryStatus.READ);
  }

  @Test
  void storeOutageIsRetryableAndTheRedeliveryRecordsOnce() {
    store.down = true;
    assertThat(shop.webhooks().handle("test-chat", post(message("m1"), "s3cret")).status()).isEqualTo(503);
    store.down = false;
    assertThat(anna()).isEmpty();

    assertThat(shop.webhooks().handle("test-chat", post(message("m1"), "s3cret")).status()).isEqualTo(200);
    assertThat(shop.webhooks().handle("test-chat", post(message("m1"), "s3cret")).status()).isEqualTo(200);
    assertThat(timeline(anna().orElseThrow())).hasSize(1);
  }

  @Test
  void eventWhoseOnlyIdentitiesAreBlockedIsAcknowledgedButNotAttributed() {
    String body = "{\"events\":[{\"type\":\"message\",\"id\":\"m9\",\"device\":\"anonymous\",\"from\":\"+4915112345678\",\"text\":\"hi\"}]}";
    OmniTenant strict = Omni.builder().clock(clock).adapter(new TestAdapter())
        .identityRules(io.github.omnictx.core.identity.IdentityRules.builder()
            .block(Identity.of(IdentityKind.DEVICE, "anonymous")).block(Identity.phone("+4915112345678")).build())
        .build().tenant("acme");
    WebhookResult r = strict.webhooks().process("test-chat", post(body, "s3cret"));
    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.recorded()).isEmpty();
  }

  @Test
  void failureWhileRecordingLeavesNoCustomerAndNoEventBehind() {
    List<io.github.omnictx.core.event.OmniEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    OmniTenant watched = Omni.builder().store(store).clock(clock).adapter(new TestAdapter()).listener(seen::add)
        .build().tenant("acme");
    store.failAppendOf = "m1";
    store.appendFailure = new StoreException("disk full");

    assertThat(watched.webhooks().handle("test-chat", post(message("m1"), "s3cret")).status()).isEqualTo(503);
    assertThat(anna()).isEmpty();
    assertThat(seen).isEmpty();

    store.failAppendOf = null;
    assertThat(watched.webhooks().handle("test-chat", post(message("m1"), "s3cret")).status()).isEqualTo(200);
    assertThat(timeline(anna().orElseThrow())).hasSize(1);
  }

  @Test
  void eventThatCannotBeRecordedIsRejectedAloneAndTheRestOfTheDeliveryIsRecorded() {
    store.failAppendOf = "bad";
    store.appendFailure = new InvalidInputException("payload", "payload too large for its column");
    String body = "{\"events\":["
        + "{\"type\":\"message\",\"id\":\"bad\",\"device\":\"dev-9\",\"from\":\"+4915100000009\",\"text\":\"x\"},"
        + "{\"type\":\"message\",\"id\":\"good\",\"device\":\"dev-1\",\"from\":\"+4915112345678\",\"text\":\"hi\"}]}";

    WebhookResult r = shop.webhooks().process("test-chat", post(body, "s3cret"));

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.recorded()).hasSize(1);
    assertThat(shop.customers().findByIdentity(Identity.phone("+4915100000009"))).isEmpty();
    assertThat(timeline(anna().orElseThrow())).hasSize(1);
  }

  private static String messages(String... events) {
    return "{\"events\":[" + String.join(",", events) + "]}";
  }

  private static String event(String id, String from) {
    return "{\"type\":\"message\",\"id\":\"" + id + "\",\"device\":\"dev-" + id + "\",\"from\":\"" + from
        + "\",\"text\":\"hi\"}";
  }

  @Test
  void deliveryOfSeveralMessagesIsRecordedInOneUnitOfWork() {
    String body = messages(event("a", "+4915100000001"), event("b", "+4915100000002"), event("c", "+4915112345678"),
        event("d", "+4915112345678"));
    store.units.set(0);

    WebhookResult r = shop.webhooks().process("test-chat", post(body, "s3cret"));

    assertThat(r.recorded()).hasSize(4);
    assertThat(store.units.get()).as("units of work").isEqualTo(1);
    assertThat(timeline(anna().orElseThrow())).hasSize(2);
  }

  @Test
  void eventThatCannotBeRecordedGetsTheSameAnswerOnEveryRedelivery() {
    store.failAppendOf = "bad";
    store.appendFailure = new InvalidInputException("externalId", "externalId holds a value this store cannot hold");
    String body = messages(event("good1", "+4915100000001"), event("bad", "+4915100000009"),
        event("good2", "+4915112345678"));

    WebhookResult first = shop.webhooks().process("test-chat", post(body, "s3cret"));
    WebhookResult again = shop.webhooks().process("test-chat", post(body, "s3cret"));

    assertThat(first.response().status()).isEqualTo(200);
    assertThat(first.recorded()).hasSize(2);
    assertThat(first.rejected()).isEqualTo(1);
    assertThat(again.response().status()).isEqualTo(200);
    assertThat(again.recorded()).isEmpty();
    assertThat(again.duplicates()).isEqualTo(2);
    assertThat(again.rejected()).isEqualTo(1);
    assertThat(shop.customers().findByIdentity(Identity.phone("+4915100000009"))).isEmpty();
    assertThat(timeline(anna().orElseThrow())).hasSize(1);
  }

  @Test
  void redeliveryOfAWholeDeliveryRecordsNothingNewAndPublishesNothing() {
    List<io.github.omnictx.core.event.OmniEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    OmniTenant watched = Omni.builder().store(store).clock(clock).adapter(new TestAdapter()).listener(seen::add)
        .build().tenant("acme");
    String body = messages(event("r1", "+4915100000001"), event("r2", "+4915100000002"), event("r3", "+4915112345678"));
    assertThat(watched.webhooks().process("test-chat", post(body, "s3cret")).recorded()).hasSize(3);
    seen.clear();

    WebhookResult again = watched.webhooks().process("test-chat", post(body, "s3cret"));

    assertThat(again.response().status()).isEqualTo(200);
    assertThat(again.duplicates()).isEqualTo(3);
    assertThat(seen).isEmpty();
    assertThat(timeline(anna().orElseThrow())).hasSize(1);
  }
}
