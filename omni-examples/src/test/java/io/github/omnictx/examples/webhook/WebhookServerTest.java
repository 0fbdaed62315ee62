package io.github.omnictx.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
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

  @Test
  void eightSlowSendersAreCutOffAndTheServerAnswersAgain() throws Exception {
    List<ChannelAdapter> adapters = AdaptersFromEnvironment.adapters(Map.of(
        "TELEGRAM_BOT_TOKEN", "123:abc", "TELEGRAM_SECRET_TOKEN", "s3cret-token"));
    Omni.Builder b = Omni.builder();
    adapters.forEach(b::adapter);
    OmniTenant shop = b.build().tenant("acme");
    try (WebhookServer server = WebhookServer.start(shop, new InetSocketAddress("127.0.0.1", 0), "http://127.0.0.1")) {
      List<java.net.Socket> slow = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) { // as many as the server has threads: each holds one, trickling its body
        java.net.Socket s = new java.net.Socket("127.0.0.1", server.port());
        s.getOutputStream().write(("POST /webhooks/telegram HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"update_id\":").getBytes(
            java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        s.setSoTimeout(60_000); // only against a hang: on today's main the server never lets go
        slow.add(s);
      }
      for (java.net.Socket s : slow) {
        try (s) {
          int read;
          try {
            read = s.getInputStream().read();
          } catch (java.net.SocketException reset) {
            read = -1; // closed by the server
          }
          assertThat(read).as("the server closes a connection that never finishes its request").isEqualTo(-1);
        }
      }
      HttpRequest signed = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/webhooks/telegram"))
          .header("Content-Type", "application/json").header("X-Telegram-Bot-Api-Secret-Token", "s3cret-token")
          .POST(HttpRequest.BodyPublishers.ofString(UPDATE)).build();
      assertThat(HttpClient.newHttpClient().send(signed, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }

  private static String mailgunForward(String key, String from, String messageId, String text, long ts, String token) {
    String sig = hmacHex(key, ts + token);
    return "from=" + enc(from) + "&sender=" + enc(from) + "&Message-Id=" + enc(messageId) + "&subject=Order"
        + "&stripped-text=" + enc(text) + "&timestamp=" + ts + "&token=" + token + "&signature=" + sig;
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String hmacHex(String key, String data) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(data.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aMailgunSignatureReplayedWithAForgedBodyIsRefusedAndTheGenuineRedeliveryAccepted() throws Exception {
    String key = "key-example-signing-0123456789";
    List<ChannelAdapter> adapters = AdaptersFromEnvironment.adapters(Map.of("MAILGUN_SIGNING_KEY", key,
        "MAILGUN_API_KEY", "key-api", "MAILGUN_DOMAIN", "mg.example.org", "MAILGUN_FROM", "shop@mg.example.org"));
    Omni.Builder b = Omni.builder();
    adapters.forEach(b::adapter);
    OmniTenant shop = b.build().tenant("acme");
    long now = java.time.Instant.now().getEpochSecond();
    String genuine = mailgunForward(key, "anna@example.com", "<m-1@example.com>", "Where is order 42?", now, "tok-0123456789");
    String forged = genuine.replace(enc("anna@example.com"), enc("mallory@example.net"))
        .replace(enc("<m-1@example.com>"), enc("<m-2@example.net>"));

    try (WebhookServer server = WebhookServer.start(shop, new InetSocketAddress("127.0.0.1", 0), "http://127.0.0.1")) {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/webhooks/mailgun");
      java.util.function.Function<String, Integer> post = body -> {
        try {
          return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      };
      assertThat(post.apply(genuine)).isEqualTo(200);
      assertThat(post.apply(forged)).isEqualTo(403);
      assertThat(post.apply(genuine)).isEqualTo(200);
    }
    assertThat(shop.customers().findByIdentity(Identity.email("mallory@example.net"))).isEmpty();
    var anna = shop.customers().getByIdentity(Identity.email("anna@example.com"));
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(anna.id()).build()).items()).hasSize(1);
  }

  @Test
  void eachRequestPrintsOneLineWithAdapterStatusAndCounts() throws Exception {
    List<ChannelAdapter> adapters = AdaptersFromEnvironment.adapters(Map.of(
        "TELEGRAM_BOT_TOKEN", "123:abc", "TELEGRAM_SECRET_TOKEN", "s3cret-token"));
    Omni.Builder b = Omni.builder();
    adapters.forEach(b::adapter);
    OmniTenant shop = b.build().tenant("acme");
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (WebhookServer server = WebhookServer.start(shop, new InetSocketAddress("127.0.0.1", 0), "http://127.0.0.1",
        lines::add)) {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/webhooks/telegram");
      HttpRequest signed = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
          .header("X-Telegram-Bot-Api-Secret-Token", "s3cret-token").POST(HttpRequest.BodyPublishers.ofString(UPDATE)).build();
      http.send(signed, HttpResponse.BodyHandlers.ofString());
      http.send(signed, HttpResponse.BodyHandlers.ofString());
      http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(UPDATE)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
    assertThat(lines).containsExactly(
        "POST telegram 200 recorded=1 duplicates=0 statuses=0 ignored=0 rejected=0",
        "POST telegram 200 recorded=0 duplicates=1 statuses=0 ignored=0 rejected=0",
        "POST telegram 401 recorded=0 duplicates=0 statuses=0 ignored=0 rejected=0");
  }

  @Test
  void dataGoesToAnH2FileByDefaultAndOutlivesARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    assertThat(StoreFromEnvironment.url(Map.of())).isEqualTo("jdbc:h2:file:./omni-webhooks");
    Map<String, String> env = Map.of("OMNI_JDBC_URL", "jdbc:h2:file:" + dir.resolve("hooks").toAbsolutePath());
    var first = Omni.builder().store(StoreFromEnvironment.store(env)).build().tenant("acme");
    var anna = first.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    var again = Omni.builder().store(StoreFromEnvironment.store(env)).build().tenant("acme");
    assertThat(again.customers().getByIdentity(Identity.email("anna@example.com")).id()).isEqualTo(anna.id());
    assertThat(dir.resolve("hooks.mv.db")).exists();
  }

  @Test
  void postgresqlOnRequest() {
    String url = System.getenv("OMNI_TEST_POSTGRES_URL");
    org.junit.jupiter.api.Assumptions.assumeTrue(url != null && !url.isBlank(), "OMNI_TEST_POSTGRES_URL is not set");
    var shop = Omni.builder().store(StoreFromEnvironment.store(Map.of("OMNI_JDBC_URL", url))).build()
        .tenant(TenantId.of("hooks-" + java.util.UUID.randomUUID().toString().substring(0, 8)));
    var anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    assertThat(shop.customers().get(anna.id())).isEqualTo(anna);
  }

  @Test
  void tillsAdapterTakesItsDefaultPhoneRegionFromTheEnvironment() {
    String secret = "pos-secret-0123456789";
    byte[] receipt = ("{\"type\":\"purchase\",\"storeId\":\"berlin-mitte\",\"receiptNumber\":\"0042-1\","
        + "\"occurredAt\":\"2024-06-10T09:41:07+02:00\",\"customer\":{\"phone\":\"0151 23456789\"},"
        + "\"currency\":\"EUR\",\"total\":\"25.28\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Omni.Builder b = Omni.builder();
    AdaptersFromEnvironment.adapters(Map.of("POS_SECRET", secret, "POS_DEFAULT_REGION", "DE")).forEach(b::adapter);
    OmniTenant shop = b.build().tenant("acme");

    var result = shop.webhooks().process("pos", io.github.omnictx.channels.SignedJsonRequests.signed(
        "https://shop.example/webhooks/pos", secret, java.time.Clock.systemUTC(), receipt));

    assertThat(result.response().status()).isEqualTo(200);
    assertThat(result.recorded()).hasSize(1);
    assertThat(shop.customers().findByIdentity(Identity.phone("+4915123456789"))).isPresent();
  }
}
