package io.github.omnictx.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The outbound checks, written once for the two contract classes whose adapters send ({@link
 * MessagingAdapterContractTest}, {@link OutboundAdapterContractTest}); each hands over its hooks.
 */
record OutboundContract(MockWebServer server, Supplier<OutboundAdapter> adapter, Supplier<OutboundMessage> message,
    Supplier<MockResponse> accepted, Supplier<String> acceptedId, Supplier<MockResponse> rateLimited,
    Supplier<MockResponse> serverError, Supplier<MockResponse> permanentError, Consumer<RecordedRequest> sendRequest) {

  private ResilientAdapter resilient() {
    return ResilientAdapter.builder(adapter.get()).maxAttempts(4)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).maxRetryAfter(Duration.ofSeconds(2)).build();
  }

  void sendReturnsTheProviderMessageId() throws InterruptedException {
    server.enqueue(accepted.get());
    SendReceipt receipt = adapter.get().send(message.get());
    assertThat(receipt.messageId()).isEqualTo(acceptedId.get());
    sendRequest.accept(server.takeRequest());
  }

  void rateLimitAndServerErrorsAreRetriedUntilSuccess() {
    server.enqueue(rateLimited.get());
    server.enqueue(serverError.get());
    server.enqueue(accepted.get());
    SendReceipt receipt = resilient().send(message.get());
    assertThat(receipt.messageId()).isEqualTo(acceptedId.get());
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  void permanentErrorIsNotRetried() {
    server.enqueue(permanentError.get());
    server.enqueue(accepted.get());
    assertThatThrownBy(() -> resilient().send(message.get()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
