package io.github.omnictx.channels.twilio;

import static io.github.omnictx.channels.twilio.TwilioTesting.RECORDED_TOKEN;
import static io.github.omnictx.channels.twilio.TwilioTesting.RECORDED_URL;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import org.junit.jupiter.api.Test;

/** WhatsApp over Twilio: the sender is a WhatsApp identity first, a phone only when it is one. */
class TwilioWhatsAppSendersTest {
  private final TwilioAdapter adapter = TwilioTesting.adapter(RECORDED_TOKEN, Channels.WHATSAPP, "https://api.twilio.com/");

  private InboundTouch parse(String fixture) {
    return (InboundTouch) adapter.parse(TwilioTesting.signed(RECORDED_TOKEN, RECORDED_URL, Fixtures.bytes(fixture)))
        .get(0);
  }

  @Test
  void aNumberLibphonenumberCallsImpossibleIsRecordedUnderItsWhatsAppId() {
    InboundTouch t = parse("twilio/inbound-whatsapp-mexico-521.form");

    assertThat(t.sender()).containsExactly(Identity.of(IdentityKind.WHATSAPP, "5215512345678"));
    assertThat(t.text()).isPresent();
  }

  @Test
  void aUsernameStyleSenderIsRecordedUnderItsWhatsAppId() {
    InboundTouch t = parse("twilio/inbound-whatsapp-username.form");

    assertThat(t.sender()).containsExactly(Identity.of(IdentityKind.WHATSAPP, "ana.test.store"));
  }

  @Test
  void aValidNumberIsTheWhatsAppIdThenThePhoneAsInTheCloudAdapter() {
    InboundTouch t = parse("twilio/inbound-whatsapp.form");

    assertThat(t.sender()).containsExactly(Identity.of(IdentityKind.WHATSAPP, "15551234567"),
        Identity.phoneLenient("+15551234567"));
  }
}
