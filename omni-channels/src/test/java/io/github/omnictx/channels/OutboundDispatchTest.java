package io.github.omnictx.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.telegram.TelegramAdapter;
import io.github.omnictx.channels.telegram.TelegramConfig;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.OutboundFailed;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.outbound.DispatchRun;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.OutboundProgress;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.DeliveryStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound dispatcher sending through a real adapter wrapped in {@link ResilientAdapter},
 * against a provider on {@link MockWebServer} that answers garbage, hangs past the client's
 * timeout, or accepts: every failure is classified, none escapes the dispatcher, and the good
 * message goes out.
 */
class OutboundDispatchTest {
  private final MockWebServer provider = new MockWebServer();
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final List<OmniEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    provider.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody().readUtf8();
        if (body.contains("garbage")) {
          return new MockResponse().setResponseCode(200).setBody("<html>gateway says hi</html>");
        }
        if (body.contains("slow")) {
          return new MockResponse().setBody("{\"ok\":true}").setHeadersDelay(2, TimeUnit.SECONDS);
        }
        return new MockResponse().setBody("{\"ok\":true,\"result\":{\"message_id\":77,\"chat\":{\"id\":4242}}}");
      }
    });
    provider.start();
  }

  @AfterEach
  void stop() throws IOException {
    provider.shutdown();
  }

  @Test
  void garbageAndTimeoutsAreClassifiedFailuresAndTheDispatcherKeepsSending() {
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();
    TelegramAdapter telegram = new TelegramAdapter(TelegramConfig.builder("123:abc", "secret-token")
        .apiBaseUrl(provider.url("/").toString()).httpClient(client).build());
    ResilientAdapter resilient = TelegramAdapter.resilient(telegram).maxAttempts(2)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(10)).build();
    Omni omni = Omni.builder().store(new InMemoryStore()).clock(clock).adapter(resilient).listener(events::add).build();
    OmniTenant shop = omni.tenant("acme");
    Customer anna = shop.customers().create(List.of(Identity.of(IdentityKind.TELEGRAM, "4242")), Map.of());
    OutboundDecision garbage = send(shop, anna, "garbage");
    OutboundDecision slow = send(shop, anna, "slow");
    OutboundDecision fine = send(shop, anna, "fine");
    OutboundDispatcher dispatcher = omni.dispatcher(DispatcherSettings.builder().maxAttempts(3).build());

    DispatchRun run = dispatcher.runOnce();

    assertThat(run.claimed()).isEqualTo(3);
    assertThat(run.errors()).isZero();
    assertThat(run.sent()).isEqualTo(1);
    assertThat(run.failed()).isEqualTo(1);
    assertThat(run.retried()).isEqualTo(1);
    assertThat(shop.outbound().progress(garbage.id()).orElseThrow().state()).isEqualTo(OutboundProgress.State.FAILED);
    assertThat(shop.outbound().progress(slow.id()).orElseThrow().lastError()).get().asString().contains("TEMPORARY");
    assertThat(shop.timeline().get(fine.touchpoint().orElseThrow()).externalId()).contains("4242:77");
    assertThat(shop.timeline().get(fine.touchpoint().orElseThrow()).status()).contains(DeliveryStatus.SENT);
    assertThat(events).filteredOn(OutboundFailed.class::isInstance).extracting(e -> ((OutboundFailed) e).reason())
        .containsExactlyInAnyOrder("REJECTED", "TEMPORARY");
    assertThat(provider.getRequestCount()).isEqualTo(4);
  }

  private static OutboundDecision send(OmniTenant shop, Customer anna, String text) {
    return shop.outbound().send(OutboundIntent.builder(anna.id(), Purpose.TRANSACTIONAL, "order-" + text).text(text)
        .channels(List.of(Channels.TELEGRAM.id())).build());
  }
}
