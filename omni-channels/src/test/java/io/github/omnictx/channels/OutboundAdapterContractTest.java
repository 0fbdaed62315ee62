package io.github.omnictx.channels;

import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of an adapter that only sends (no webhooks: nothing inbound to verify or parse),
 * against {@link #server} as the mock provider: the provider's message id comes back from {@code
 * send}; 429 and 5xx answers are retried by {@link ResilientAdapter} until success; a permanent
 * error is not retried. An adapter that also receives webhooks extends {@link
 * MessagingAdapterContractTest}, which checks the same and the inbound contract.
 *
 * @param <A> the adapter type
 */
public abstract class OutboundAdapterContractTest<A extends OutboundAdapter> {

  /** The mock provider API, started fresh for each test. */
  protected MockWebServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.shutdown();
  }

  /**
   * The adapter under test, sending to {@code baseUrl} (the mock provider).
   *
   * @param baseUrl the provider API base URL, ending in {@code /}
   * @return the adapter
   */
  protected abstract A adapter(String baseUrl);

  /** @return a message to send */
  protected abstract OutboundMessage message();

  /** @return the provider's answer accepting the message */
  protected abstract MockResponse accepted();

  /** @return the provider message id {@link #accepted()} carries */
  protected abstract String acceptedId();

  /** @return a permanent error (bad token, unsubscribed recipient, invalid parameter) */
  protected abstract MockResponse permanentError();

  /** @return the provider's rate-limit answer (asking for no or a short wait) */
  protected MockResponse rateLimited() {
    return retryAfterZero();
  }

  /** @return the provider's server error answer */
  protected MockResponse serverError() {
    return upstreamUnavailable();
  }

  /**
   * Checks the request the adapter sent (URL, auth, body shape). Default: no further checks.
   *
   * @param request what the mock provider received
   */
  protected void assertSendRequest(RecordedRequest request) {}

  /** @return the mock provider's base URL, ending in {@code /} */
  protected final String baseUrl() {
    return server.url("/").toString();
  }

  static MockResponse retryAfterZero() {
    return new MockResponse().setResponseCode(429).setHeader("Retry-After", "0");
  }

  static MockResponse upstreamUnavailable() {
    return new MockResponse().setResponseCode(503).setBody("upstream unavailable");
  }

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
