package io.github.omnictx.channels.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Routes that forward the raw MIME message, and subjects only the message headers carry. */
class MailgunMimeRoutesTest {
  private final MailgunAdapter adapter = new MailgunAdapter(MailgunTesting.config("https://api.mailgun.net/",
      MailgunTesting.CLOCK).build());

  private InboundTouch parse(WebhookRequest request) {
    adapter.verify(request);
    return (InboundTouch) adapter.parse(request).get(0);
  }

  @Test
  void aRawMimeForwardIsParsedForIdSenderSubjectTextAndAttachments() {
    InboundTouch t = parse(MailgunTesting.recorded("mailgun/inbound-route-mime.form"));

    assertThat(t.externalId()).isEqualTo("CAF=mime-route-0001@mail.example.com");
    assertThat(t.sender()).containsExactly(Identity.email("juergen.mueller@example.com"));
    assertThat(t.senderName()).contains("J\u00fcrgen M\u00fcller");
    assertThat(t.topic()).contains("R\u00fccksendung Bestellung 42");
    assertThat(t.text()).hasValueSatisfying(text ->
        assertThat(text).contains("ich m\u00f6chte Bestellung 42 zur\u00fccksenden.").doesNotContain("<p>"));
    assertThat(t.attachments()).containsExactly(new Attachment("file", Optional.empty(), Optional.empty(),
        Optional.of("application/pdf"), Optional.of("rechnung-42.pdf")));
    assertThat(t.payload().has("body-mime")).isFalse();
  }

  @Test
  void theSubjectIsKeptWhenOnlyTheMessageHeadersCarryIt() {
    String form = Arrays.stream(Fixtures.text("mailgun/inbound-route.form").strip().split("&"))
        .filter(p -> !p.startsWith("subject=") && !p.startsWith("Subject="))
        .collect(Collectors.joining("&"));

    InboundTouch t = parse(MailgunTesting.signed(form.getBytes(StandardCharsets.UTF_8), MailgunTesting.NOW));

    assertThat(t.topic()).contains("Re: Order 42");
  }

  @Test
  void mimeThatCannotBeReadOrNestsWithoutEndIsInvalidInput() {
    StringBuilder nested = new StringBuilder("Message-ID: <deep@example.com>\r\nFrom: a@example.com\r\n");
    for (int i = 0; i < MailgunMime.MAX_DEPTH + 2; i++) {
      nested.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i)
          .append("\r\n");
    }
    nested.append("Content-Type: text/plain\r\n\r\nhi\r\n");
    String form = "recipient=support%40mg.example.org&body-mime="
        + URLEncoder.encode(nested.toString(), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> parse(MailgunTesting.signed(form.getBytes(StandardCharsets.UTF_8), MailgunTesting.NOW)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("body-mime");
  }
}
