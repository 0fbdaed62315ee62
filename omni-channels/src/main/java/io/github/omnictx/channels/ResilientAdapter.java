package io.github.omnictx.channels;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.ReplayToken;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Wraps an adapter's {@link OutboundAdapter#send} in resilience4j: a rate limiter (the provider's
 * published limit), a circuit breaker (stop calling a provider that keeps failing), and a retry
 * with exponential backoff and jitter that honours the provider's Retry-After (or Telegram's
 * {@code retry_after}). Only retryable {@link DeliveryException}s are retried; permanent ones
 * (bad token, recipient unsubscribed, outside the service window) fail at once.
 *
 * <p>When the wrapped adapter also receives webhooks (every messaging adapter does), the built
 * adapter is an {@link InboundAdapter} too, passing every webhook method straight through, so the
 * one wrapped instance is registered on {@code Omni.builder().adapter(...)} for both directions. A
 * send-only delegate gives a send-only adapter: the wrapper never claims a side its delegate lacks.
 *
 * <p>The retry, breaker and limiter are taken from registries, named after the adapter id, so a
 * host application can pass its own registries to share configuration and metrics. Thread-safe.
 */
public sealed class ResilientAdapter implements OutboundAdapter {
  private final OutboundAdapter delegate;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final RateLimiter limiter;

  private ResilientAdapter(OutboundAdapter delegate, Builder b) {
    this.delegate = delegate;
    String name = "omni-" + delegate.id();
    RetryRegistry retries = b.retryRegistry != null ? b.retryRegistry : RetryRegistry.of(defaultRetry(b));
    CircuitBreakerRegistry breakers = b.circuitBreakerRegistry != null ? b.circuitBreakerRegistry
        : CircuitBreakerRegistry.of(defaultBreaker());
    RateLimiterRegistry limiters = b.rateLimiterRegistry != null ? b.rateLimiterRegistry
        : RateLimiterRegistry.of(RateLimiterConfig.custom().limitForPeriod(b.permitsPerSecond)
            .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(b.rateLimitWait).build());
    this.retry = b.retryRegistry != null ? retries.retry(name) : retries.retry(name, defaultRetry(b));
    this.breaker = breakers.circuitBreaker(name);
    this.limiter = limiters.rateLimiter(name);
  }

  /**
   * Starts a builder for wrapping an adapter.
   *
   * @param delegate the adapter whose sends to protect; if it is also an {@link InboundAdapter},
   *     so is the adapter built
   * @return a builder with defaults: 4 attempts, 500 ms initial backoff doubling with jitter, at
   *     most 30 s Retry-After honoured, 20 sends per second
   */
  public static Builder builder(OutboundAdapter delegate) {
    return new Builder(Objects.requireNonNull(delegate, "delegate"));
  }

  private static RetryConfig defaultRetry(Builder b) {
    IntervalBiFunction<Object> interval = (attempt, outcome) -> {
      Optional<Duration> asked = outcome.isLeft() && outcome.getLeft() instanceof DeliveryException d
          ? d.retryAfter() : Optional.empty();
      if (asked.isPresent()) {
        return Math.min(asked.get().toMillis(), b.maxRetryAfter.toMillis());
      }
      long base = b.initialBackoff.toMillis() << Math.min(attempt - 1, 16);
      long capped = Math.min(base, b.maxBackoff.toMillis());
      return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    };
    return RetryConfig.custom()
        .maxAttempts(b.maxAttempts)
        .intervalBiFunction(interval)
        .retryOnException(e -> e instanceof DeliveryException d && d.retryable()
            && d.reason() != Reason.NOT_ATTEMPTED
            && d.retryAfter().map(w -> w.compareTo(b.maxRetryAfter) <= 0).orElse(true))
        .failAfterMaxAttempts(false)
        .build();
  }

  private static CircuitBreakerConfig defaultBreaker() {
    // Only failures that say the provider is unwell open the breaker; a bad recipient does not.
    return CircuitBreakerConfig.custom()
        .slidingWindowSize(20)
        .minimumNumberOfCalls(10)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(30))
        .recordException(e -> e instanceof DeliveryException d && d.reason() == Reason.TEMPORARY)
        .build();
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public ChannelId channel() {
    return delegate.channel();
  }

  @Override
  public boolean sends() {
    return delegate.sends();
  }

  /**
   * Sends through the rate limiter, circuit breaker and retry.
   *
   * @param message the message
   * @return what the provider accepted
   * @throws DeliveryException the last failure; {@link Reason#NOT_ATTEMPTED} when the breaker is
   *     open or the rate limiter gave no permit in time
   */
  @Override
  public SendReceipt send(OutboundMessage message) {
    Supplier<SendReceipt> attempt = () -> {
      try {
        return RateLimiter.decorateSupplier(limiter, CircuitBreaker.decorateSupplier(breaker, () -> delegate.send(message))).get();
      } catch (CallNotPermittedException e) {
        throw new DeliveryException(delegate.id(), Reason.NOT_ATTEMPTED, null, null,
            "circuit breaker " + breaker.getName() + " is open", e);
      } catch (RequestNotPermitted e) {
        throw new DeliveryException(delegate.id(), Reason.NOT_ATTEMPTED, null, null,
            "rate limiter " + limiter.getName() + " gave no permit in time", e);
      }
    };
    return Retry.decorateSupplier(retry, attempt).get();
  }

  /** @return the retry in use (for metrics and events) */
  public Retry retry() {
    return retry;
  }

  /** @return the circuit breaker in use */
  public CircuitBreaker circuitBreaker() {
    return breaker;
  }

  /** @return the rate limiter in use */
  public RateLimiter rateLimiter() {
    return limiter;
  }

  /** The wrapper of an adapter that also receives webhooks: those go straight to the delegate. */
  private static final class Receiving extends ResilientAdapter implements InboundAdapter {
    private final InboundAdapter inbound;

    private Receiving(OutboundAdapter delegate, InboundAdapter inbound, Builder b) {
      super(delegate, b);
      this.inbound = inbound;
    }

    @Override
    public Optional<WebhookResponse> handshake(WebhookRequest request) {
      return inbound.handshake(request);
    }

    @Override
    public void verify(WebhookRequest request) {
      inbound.verify(request);
    }

    @Override
    public Optional<ReplayToken> replayToken(WebhookRequest request) {
      return inbound.replayToken(request);
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
      return inbound.parse(request);
    }

    @Override
    public WebhookResponse acknowledge() {
      return inbound.acknowledge();
    }
  }

  /** Builds a {@link ResilientAdapter}. Not thread-safe. */
  public static final class Builder {
    private final OutboundAdapter delegate;
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Duration maxRetryAfter = Duration.ofSeconds(30);
    private int permitsPerSecond = 20;
    private Duration rateLimitWait = Duration.ofSeconds(5);
    private @Nullable RetryRegistry retryRegistry;
    private @Nullable CircuitBreakerRegistry circuitBreakerRegistry;
    private @Nullable RateLimiterRegistry rateLimiterRegistry;

    private Builder(OutboundAdapter delegate) {
      this.delegate = delegate;
    }

    /**
     * @param attempts total attempts including the first, 1-10
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 10) {
        throw new IllegalArgumentException("maxAttempts must be between 1 and 10, was: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * @param initial the first backoff; doubles per attempt with jitter
     * @param max the longest backoff
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      if (initial == null || max == null || initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff must be 0 <= initial <= max, was: " + initial + ", " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * @param max the longest Retry-After honoured by waiting; longer ones fail at once, retryable
     * @return this builder
     */
    public Builder maxRetryAfter(Duration max) {
      if (max == null || max.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must be >= 0, was: " + max);
      }
      this.maxRetryAfter = max;
      return this;
    }

    /**
     * @param perSecond the provider's published send limit, e.g. 80 for WhatsApp, 30 for Telegram
     * @param wait how long a send may wait for a permit
     * @return this builder
     */
    public Builder rateLimit(int perSecond, Duration wait) {
      if (perSecond < 1 || wait == null || wait.isNegative()) {
        throw new IllegalArgumentException("rateLimit must be >= 1 per second with a wait >= 0, was: " + perSecond + ", " + wait);
      }
      this.permitsPerSecond = perSecond;
      this.rateLimitWait = wait;
      return this;
    }

    /**
     * Uses the host application's retry registry; the retry named {@code omni-<adapter id>} is
     * taken from it with the registry's configuration.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder retryRegistry(RetryRegistry registry) {
      this.retryRegistry = Objects.requireNonNull(registry, "retryRegistry");
      return this;
    }

    /**
     * @param registry the host application's circuit breaker registry
     * @return this builder
     */
    public Builder circuitBreakerRegistry(CircuitBreakerRegistry registry) {
      this.circuitBreakerRegistry = Objects.requireNonNull(registry, "circuitBreakerRegistry");
      return this;
    }

    /**
     * @param registry the host application's rate limiter registry
     * @return this builder
     */
    public Builder rateLimiterRegistry(RateLimiterRegistry registry) {
      this.rateLimiterRegistry = Objects.requireNonNull(registry, "rateLimiterRegistry");
      return this;
    }

    /**
     * @return the wrapped adapter; an {@link InboundAdapter} as well when the delegate is one
     */
    public ResilientAdapter build() {
      return delegate instanceof InboundAdapter inbound ? new Receiving(delegate, inbound, this)
          : new ResilientAdapter(delegate, this);
    }
  }
}
