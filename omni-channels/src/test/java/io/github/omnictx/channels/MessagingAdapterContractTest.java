package io.github.omnictx.channels;

import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The contract of an adapter that receives webhooks and sends messages, as messaging providers'
 * adapters do: everything {@link AdapterContractTest} checks, and the outbound contract against
 * {@link #server} as the mock provider. The provider's message id comes back from {@code send};
 * 429 and 5xx answers are retried by {@link ResilientAdapter} until success; a permanent error is
 * not retried.
 *
 * @param <A> the adapter type, inbound and outbound
 */
public abstract class MessagingAdapterContractTest<A extends InboundAdapter & OutboundAdapter>
    extends AdapterContractTest<A> {

  /** @return a message to send in the outbound tests */
  protected abstract OutboundMessage message();

  /** @return the provider's answer accepting the message */
  protected abstract MockResponse accepted();

  /** @return the provider message id {@link #accepted()} carries */
  protected abstract String acceptedId();

  /** @return a permanent error (bad token, unsubscribed recipient, invalid parameter) */
  protected abstract MockResponse permanentError();

  /** @return the provider's rate-limit answer (asking for no or a short wait) */
  protected MockResponse rateLimited() {
    return OutboundAdapterContractTest.retryAfterZero();
  }

  /** @return the provider's server error answer */
  protected MockResponse serverError() {
    return OutboundAdapterContractTest.upstreamUnavailable();
  }

  /**
   * Checks the request the adapter sent (URL, auth, body shape). Default: no further checks.
   *
   * @param request what the mock provider received
   */
  protected void assertSendRequest(RecordedRequest request) {}

  private OutboundContract outbound() {
    return new OutboundContract(server, () -> adapter(baseUrl()), this::message, this::accepted, this::acceptedId,
        this::rateLimited, this::serverError, this::permanentError, this::assertSendRequest);
  }

  @Test
  void sendReturnsTheProviderMessageId() throws InterruptedException {
    outbound().sendReturnsTheProviderMessageId();
  }

  @Test
  void rateLimitAndServerErrorsAreRetriedUntilSuccess() {
    outbound().rateLimitAndServerErrorsAreRetriedUntilSuccess();
  }

  @Test
  void permanentErrorIsNotRetried() {
    outbound().permanentErrorIsNotRetried();
  }
}
