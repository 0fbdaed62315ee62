package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.OmniException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider refused or failed an outbound message. Classified so the caller can act: retry later
 * ({@link #retryable()}, honouring {@link #retryAfter()}), switch to a template outside the service
 * window, or give up.
 */
public class DeliveryException extends OmniException {
  private static final long serialVersionUID = 1L;

  /** Why a send failed, independent of the provider. */
  public enum Reason {
    /** Too many requests; retry after backing off. */
    RATE_LIMITED,
    /** A temporary provider or network failure (5xx, timeout, connection reset); retry. */
    TEMPORARY,
    /** Outside the customer-service window (WhatsApp 24 h, Messenger): only a template may be sent. */
    OUTSIDE_SERVICE_WINDOW,
    /** The recipient cannot be reached on this channel (unsubscribed, blocked, unknown number). */
    RECIPIENT_UNREACHABLE,
    /** Credentials are wrong or expired. */
    UNAUTHORIZED,
    /** The request was malformed or refused by the provider's rules. */
    REJECTED,
    /** The circuit breaker is open or the rate limiter refused: the provider was not called. */
    NOT_ATTEMPTED
  }

  private final String provider;
  private final Reason reason;
  private final @Nullable String providerCode;
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param provider the adapter that failed, e.g. {@code "whatsapp"}
   * @param reason the classified reason
   * @param providerCode the provider's own error code, or {@code null}
   * @param retryAfter how long the provider asked to wait, or {@code null}
   * @param message what the provider said
   * @param cause the underlying failure, or {@code null}
   */
  public DeliveryException(String provider, Reason reason, @org.jspecify.annotations.Nullable String providerCode,
      @org.jspecify.annotations.Nullable Duration retryAfter, String message,
      @org.jspecify.annotations.Nullable Throwable cause) {
    super(provider + ": " + reason + (providerCode == null ? "" : " (code " + providerCode + ")") + ": " + message, cause);
    this.provider = provider;
    this.reason = reason;
    this.providerCode = providerCode;
    this.retryAfter = retryAfter;
  }

  /** @return the adapter that failed */
  public String provider() {
    return provider;
  }

  /** @return the classified reason */
  public Reason reason() {
    return reason;
  }

  /** @return whether sending the same message again later may succeed */
  public boolean retryable() {
    return reason == Reason.RATE_LIMITED || reason == Reason.TEMPORARY || reason == Reason.NOT_ATTEMPTED;
  }

  /** @return the provider's error code, if it gave one */
  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  /** @return how long the provider asked to wait before retrying, if it said */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
