package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A provider call with a deadline: the adapter runs on a daemon thread of its own, and the
 * dispatcher stops waiting when the deadline passes (the thread is interrupted; an adapter that
 * ignores interrupts keeps its thread until it returns, but no longer holds the dispatcher). Not
 * API. Thread-safe.
 */
final class ProviderCalls {
  private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "omni-provider-call");
    t.setDaemon(true);
    return t;
  });

  private ProviderCalls() {}

  /** The call did not answer in time. */
  static final class NoAnswer extends Exception {
    private static final long serialVersionUID = 1L;

    NoAnswer(Duration timeout) {
      super("no answer within " + timeout + "; the provider may still have sent it, so the retry carries the same"
          + " idempotency key", null, false, false);
    }
  }

  /**
   * Sends through the adapter, waiting at most {@code timeout}.
   *
   * @return what the adapter returned (possibly null, which the caller classifies)
   * @throws NoAnswer when the deadline passed
   * @throws RuntimeException what the adapter threw
   */
  static SendReceipt send(OutboundAdapter adapter, OutboundMessage message, Duration timeout) throws NoAnswer {
    Future<SendReceipt> call = CALLS.submit(() -> adapter.send(message));
    try {
      return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new NoAnswer(timeout);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new NoAnswer(timeout);
    } catch (CancellationException e) {
      throw new NoAnswer(timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
