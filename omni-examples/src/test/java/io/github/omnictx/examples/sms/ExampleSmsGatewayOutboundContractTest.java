package io.github.omnictx.examples.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.OutboundAdapterContractTest;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The outbound contract for the example SMS gateway, apart from the inbound one: a team may prove
 * the two sides in two classes like this, or in one by extending {@code MessagingAdapterContractTest}.
 */
class ExampleSmsGatewayOutboundContractTest extends OutboundAdapterContractTest<ExampleSmsGateway> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected ExampleSmsGateway adapter(String baseUrl) {
    return new ExampleSmsGateway(ExampleSmsGatewayContractTest.SECRET, "key_live_example", "+4930901820", baseUrl);
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(Identity.phone("+4915112345678"), "Your order 4711 ships today.", "omni-0192f1c4");
  }

  @Override
  protected MockResponse accepted() {
    return new MockResponse().setResponseCode(202).setBody(Fixtures.text("example-sms/outbound-accepted.json"));
  }

  @Override
  protected String acceptedId() {
    return "out_7Q2K9XW3";
  }

  @Override
  protected MockResponse permanentError() {
    return new MockResponse().setResponseCode(400)
        .setBody(Fixtures.text("example-sms/outbound-error-invalid-recipient.json"));
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/v1/messages");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer key_live_example");
    try {
      assertThat(JSON.readTree(request.getBody().readUtf8())).isEqualTo(JSON.readTree(
          "{\"from\":\"+4930901820\",\"to\":\"+4915112345678\",\"text\":\"Your order 4711 ships today.\","
              + "\"reference\":\"omni-0192f1c4\"}"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
