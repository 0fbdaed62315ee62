package io.github.omnictx.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Telegram payloads other projects test with: edits of recorded messages, buttons sharing their data. */
class TelegramRealPayloadsTest {
  private static final String SECRET = "omni-test_secret-0001";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-10T08:00:00Z"), ZoneOffset.UTC);
  private static final Identity ANA = Identity.of(IdentityKind.TELEGRAM, "5123456789");

  private final TelegramAdapter adapter = new TelegramAdapter(TelegramConfig.builder("123:abc", SECRET).clock(CLOCK).build());
  private final OmniTenant shop = Omni.builder().clock(CLOCK).adapter(adapter).build().tenant("acme");

  private static WebhookRequest request(byte[] body) {
    return WebhookRequest.builder("POST", "https://shop.example/hooks/telegram").header("Content-Type", "application/json")
        .header(TelegramAdapter.SECRET_HEADER, SECRET).body(body).build();
  }

  private WebhookResult deliver(String fixture) {
    return shop.webhooks().process("telegram", request(Fixtures.bytes("telegram/" + fixture)));
  }

  @Test
  void anEditedMessageChangesTheMessageItEditsAndRecordsNoOther() {
    deliver("update-message-text.json");

    WebhookResult edit = deliver("update-edited-message.json");
    WebhookResult again = deliver("update-edited-message.json");

    assertThat(edit.changes()).isEqualTo(1);
    assertThat(edit.recorded()).isEmpty();
    assertThat(again.duplicates()).isEqualTo(1);
    List<Touchpoint> timeline = shop.timeline().page(TimelineQuery.forCustomer(
        shop.customers().getByIdentity(ANA).id()).build()).items();
    assertThat(timeline).singleElement().satisfies(t -> {
      assertThat(t.payloadText("text")).contains("Hello, I need help with order 43");
      assertThat(t.payloadText("originalText")).contains("Hello, I need help with order 42");
      assertThat(t.payloadText("editedAt")).contains(Instant.ofEpochSecond(1718003521).toString());
    });
  }

  @Test
  void anEditOfAMessageNeverRecordedCreatesNoCustomer() {
    WebhookResult edit = deliver("update-edited-message.json");

    assertThat(edit.response().status()).isEqualTo(200);
    assertThat(edit.ignored()).isEqualTo(1);
    assertThat(shop.customers().findByIdentity(ANA)).isEmpty();
  }

  @Test
  void aPressOfOneOfSeveralButtonsSharingItsDataRecordsTheDataNotAGuessedLabel() {
    String body = new String(Fixtures.bytes("telegram/update-callback-query-shared-data.json"), StandardCharsets.UTF_8);

    InboundTouch t = (InboundTouch) adapter.parse(request(body.getBytes(StandardCharsets.UTF_8))).get(0);

    assertThat(t.text()).contains("size:m");
    assertThat(t.payload().path("data").asText()).isEqualTo("size:m");
  }

  @Test
  void aPressOfAButtonWhoseDataIsItsOwnRecordsItsLabel() {
    InboundTouch t = (InboundTouch) adapter.parse(request(Fixtures.bytes("telegram/update-callback-query.json"))).get(0);

    assertThat(t.text()).contains("Yes");
  }
}
