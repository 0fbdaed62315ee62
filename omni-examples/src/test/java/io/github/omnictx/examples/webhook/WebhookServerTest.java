package io.github.omnictx.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.TimelineQuery;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example server over real HTTP on loopback: a Telegram update in, one touchpoint recorded. */
class WebhookServerTest {
  private static final String UPDATE = "{\"update_id\":10000,\"message\":{\"date\":1441645532,\"chat\":{\"id\":1111111,"
      + "\"type\":\"private\",\"first_name\":\"Test\"},\"message_id\":1365,\"from\":{\"id\":1111111,\"is_bot\":false,"
      + "\"first_name\":\"Test\"},\"text\":\"Where is my order?\"}}";

  @Test
  void telegramUpdateIsRecordedOnceAndAnUnsignedOneRefused() throws Exception {
    List<ChannelAdapter> adapters = AdaptersFromEnvironment.adapters(Map.of(
        "TELEGRAM_BOT_TOKEN", "123:abc", "TELEGRAM_SECRET_TOKEN", "s3cret-token", "POS_SECRET", "pos-secret-0123456789"));
    assertThat(adapters).extracting(ChannelAdapter::id).containsExactly("telegram", "pos");
    Omni.Builder b = Omni.builder();
    adapters.forEach(b::adapter);
    OmniTenant shop = b.build().tenant("acme");

    try (WebhookServer server = WebhookServer.start(shop, new InetSocketAddress("127.0.0.1", 0), "http://127.0.0.1")) {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/webhooks/telegram");
      HttpRequest signed = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
          .header("X-Telegram-Bot-Api-Secret-Token", "s3cret-token").POST(HttpRequest.BodyPublishers.ofString(UPDATE)).build();
      HttpRequest unsigned = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(UPDATE.replace("10000", "10001"))).build();

      assertThat(http.send(signed, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(http.send(signed, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(http.send(unsigned, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      HttpRequest unknown = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/webhooks/fax"))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
      assertThat(http.send(unknown, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
    var customer = shop.customers().getByIdentity(Identity.of(IdentityKind.TELEGRAM, "1111111"));
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(customer.id()).build()).items())
        .singleElement().satisfies(t -> assertThat(t.payloadText("text")).contains("Where is my order?"));
  }
}
