package io.github.omnictx.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.AdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The inbound contract for mail: what the IMAP poller hands the pipeline is a raw mail signed with
 * the configuration's key, so the recorded mails are signed here the same way. (The outbound side
 * speaks SMTP, not HTTP: {@link MailServerTest} proves it against a real SMTP server.)
 */
class MailAdapterContractTest extends AdapterContractTest<MailAdapter> {
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
  private static final Identity ANNA = Identity.email("anna.petrova@mail.example");

  static MailConfig.Builder config() {
    return MailConfig.builder("service@grocer.example",
            new MailServer("127.0.0.1", 1, MailServer.Security.NONE, Optional.empty(), ""))
        .displayName("Grocer customer service").signingKey(KEY).clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Override
  protected MailAdapter adapter(String baseUrl) {
    return new MailAdapter(config().build());
  }

  private MailAdapter adapter() {
    return adapter(baseUrl());
  }

  @Override
  protected WebhookRequest publishedVector() {
    return signed(Fixtures.bytes("email/reply-with-quote.eml"));
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return WebhookRequest.builder("POST", "imap://shop@127.0.0.1:3143/INBOX").header("Content-Type", "message/rfc822")
        .header(MailAdapter.SIGNATURE_HEADER, new MailAdapter(config().build()).sign(body)).body(body).build();
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), MailAdapter.SIGNATURE_HEADER);
  }

  private WebhookRequest fixture(String name) {
    return signed(Fixtures.bytes("email/" + name));
  }

  private static InboundTouch onlyTouch(List<InboundEvent> events) {
    assertThat(events).hasSize(1).first().isInstanceOf(InboundTouch.class);
    return (InboundTouch) events.get(0);
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("reply with quoted history", fixture("reply-with-quote.eml"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("7c1e2f3a-9b4d-4e5f-8a6b-1c2d3e4f5a6b@mail.example");
          assertThat(t.sender()).containsExactly(ANNA);
          assertThat(t.senderName()).contains("Anna Petrova");
          assertThat(t.occurredAt()).isEqualTo(Instant.parse("2026-12-01T08:14:01Z"));
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).as("the quoted history stripped")
              .contains("Hello, the parcel has not arrived yet. Could you check where it is?\n\nAnna");
          assertThat(t.topic()).contains("Re: Your order 100234 has shipped");
          assertThat(t.payload().path("fullText").asText()).as("the original kept")
              .contains("On 30.11.2026 18:02, Grocer customer service wrote:", "> Your order 100234 has shipped");
          assertThat(t.payload().path("inReplyTo").asText())
              .isEqualTo("omni.0193a1f0-7c2e-7b5a-9d41-6f2c8e1a3b40@grocer.example");
          assertThat(t.payload().path("references").get(0).asText())
              .isEqualTo("omni.0193a1f0-7c2e-7b5a-9d41-6f2c8e1a3b40@grocer.example");
        }),
        new Sample("multipart with an image", fixture("multipart-with-image.eml"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("CAF3x9QmZ1-u8PqLr2Vb0kTq5w@mail.gmail.example");
          assertThat(t.senderName()).contains("Анна Петрова");
          assertThat(t.topic()).contains("Фото повреждения");
          assertThat(t.text()).contains("Коробка пришла помятой, фото во вложении.");
          assertThat(t.attachments()).containsExactly(new Attachment("image", Optional.empty(), Optional.empty(),
              Optional.of("image/png"), Optional.of("box.png")));
        }),
        new Sample("HTML-only reply", fixture("html-only-outlook.eml"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.sender()).containsExactly(Identity.email("jonas.weber@outlook.example"));
          assertThat(t.text()).contains("Thanks, I will send the boots back tomorrow.\nJonas");
          assertThat(t.text().orElseThrow()).doesNotContain("return label");
        }),
        new Sample("automatic reply", fixture("auto-reply.eml"), events -> assertThat(events).singleElement()
            .isInstanceOfSatisfying(IgnoredEvent.class, e -> assertThat(e.reason()).contains("automatic reply"))),
        new Sample("no sender", fixture("no-sender.eml"), events -> assertThat(events).singleElement()
            .isInstanceOfSatisfying(IgnoredEvent.class, e -> assertThat(e.reason()).startsWith("no usable sender"))));
  }

  // ------------------------------------------------------------------ mail specifics

  @Test
  void aMailFromTheShopsOwnAddressIsNotTakenForACustomers() {
    String own = Fixtures.text("email/reply-with-quote.eml")
        .replace("From: Anna Petrova <anna.petrova@mail.example>", "From: Grocer <Service@Grocer.example>");
    assertThat(adapter().parse(signed(own.getBytes(StandardCharsets.UTF_8)))).singleElement()
        .isInstanceOf(IgnoredEvent.class);
  }

  @Test
  void aSenderThatIsNoAddressIsIgnoredWithTheReason() {
    String bad = Fixtures.text("email/reply-with-quote.eml")
        .replace("From: Anna Petrova <anna.petrova@mail.example>", "From: Anna <anna@@mail>");
    assertThat(adapter().parse(signed(bad.getBytes(StandardCharsets.UTF_8)))).singleElement()
        .isInstanceOfSatisfying(IgnoredEvent.class, e -> assertThat(e.reason()).startsWith("no usable sender"));
  }

  @Test
  void aMailWithoutMessageIdIsKeyedByTheDigestOfItsBytes() {
    String noId = Fixtures.text("email/reply-with-quote.eml")
        .replace("Message-ID: <7c1e2f3a-9b4d-4e5f-8a6b-1c2d3e4f5a6b@mail.example>\r\n", "");
    byte[] raw = noId.getBytes(StandardCharsets.UTF_8);
    InboundTouch t = (InboundTouch) adapter().parse(signed(raw)).get(0);
    assertThat(t.externalId()).isEqualTo("sha256-" + MailParsing.sha256(raw));
    assertThat(((InboundTouch) adapter().parse(signed(raw)).get(0)).externalId()).isEqualTo(t.externalId());
  }

  @Test
  void aDateInTheFutureIsReplacedByTheClock() {
    String future = Fixtures.text("email/reply-with-quote.eml")
        .replace("Date: Tue, 1 Dec 2026 09:14:01 +0100", "Date: Fri, 1 Dec 2034 09:14:01 +0100");
    InboundTouch t = (InboundTouch) adapter().parse(signed(future.getBytes(StandardCharsets.UTF_8))).get(0);
    assertThat(t.occurredAt()).isEqualTo(NOW);
  }

  @Test
  void quotedHistoryOfCommonClientsIsStripped() {
    assertThat(QuotedText.strip("Danke!\n\nAm 01.12.2026 um 10:00 schrieb Grocer <s@grocer.example>:\n> alt"))
        .isEqualTo("Danke!");
    assertThat(QuotedText.strip("Спасибо\n\n1 декабря 2026 г., 10:00 пользователь Grocer пишет:\n> старое"))
        .isEqualTo("Спасибо");
    assertThat(QuotedText.strip("Yes please\n-- \nAnna Petrova\n+49 151 0000000")).isEqualTo("Yes please");
    assertThat(QuotedText.strip("> only a quote")).as("never nothing").isEqualTo("> only a quote");
  }
}
