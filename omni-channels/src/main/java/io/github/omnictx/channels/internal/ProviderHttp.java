package io.github.omnictx.channels.internal;

import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP attempt against a provider: the answer as a small value, or a {@link DeliveryException}
 * when the network failed. Not API. Thread-safe (OkHttp clients are).
 */
public final class ProviderHttp {
  private final String provider;
  private final OkHttpClient client;
  private final Clock clock;

  /**
   * @param provider the adapter id, for messages
   * @param client the OkHttp client (the host application's, or a default)
   * @param clock the clock Retry-After dates are measured against
   */
  public ProviderHttp(String provider, OkHttpClient client, Clock clock) {
    this.provider = provider;
    this.client = client;
    this.clock = clock;
  }

  /**
   * What a provider answered.
   *
   * @param status the HTTP status
   * @param body the body text (empty if none)
   * @param retryAfter the Retry-After header as a duration, if sent
   * @param header the one other header the caller asked for, if sent (APNs' {@code apns-id})
   */
  public record Answer(int status, String body, Optional<Duration> retryAfter, Optional<String> header) {
    /** @return whether the status is 2xx */
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * Sends the request once.
   *
   * @param request the request
   * @return the answer
   * @throws DeliveryException {@link Reason#TEMPORARY} when the connection failed or timed out
   */
  public Answer call(Request request) {
    return call(request, "Retry-After");
  }

  /**
   * Sends the request once, keeping one more response header.
   *
   * @param request the request
   * @param header the header to keep in {@link Answer#header()}
   * @return the answer
   * @throws DeliveryException {@link Reason#TEMPORARY} when the connection failed or timed out
   */
  public Answer call(Request request, String header) {
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      return new Answer(response.code(), text, retryAfter(response.header("Retry-After"), clock),
          Optional.ofNullable(response.header(header)));
    } catch (IOException e) {
      throw new DeliveryException(provider, Reason.TEMPORARY, null, null, "request failed: " + e, e);
    }
  }

  /**
   * The default classification of an HTTP status, for providers whose body says nothing more:
   * 429 rate-limited, 5xx temporary, 401/403 unauthorised, other 4xx rejected.
   *
   * @param answer the answer
   * @param code the provider's error code, if the body had one
   * @param message the provider's message
   * @return the exception to throw
   */
  public DeliveryException byStatus(Answer answer, @Nullable String code, String message) {
    Reason reason;
    if (answer.status() == 429) {
      reason = Reason.RATE_LIMITED;
    } else if (answer.status() >= 500) {
      reason = Reason.TEMPORARY;
    } else if (answer.status() == 401 || answer.status() == 403) {
      reason = Reason.UNAUTHORIZED;
    } else {
      reason = Reason.REJECTED;
    }
    return failure(reason, code, answer.retryAfter().orElse(null), "HTTP " + answer.status() + ": " + message);
  }

  /**
   * A classified failure.
   *
   * @param reason why
   * @param code the provider's code, or null
   * @param retryAfter how long to wait, or null
   * @param message what the provider said
   * @return the exception
   */
  public DeliveryException failure(Reason reason, @Nullable String code, @Nullable Duration retryAfter,
      String message) {
    return new DeliveryException(provider, reason, code, retryAfter, message, null);
  }

  /**
   * Parses a Retry-After header: delta seconds or an HTTP date.
   *
   * @param header the header value, or null
   * @param clock the current time, for HTTP dates
   * @return the wait, if the header was present and valid
   */
  public static Optional<Duration> retryAfter(@Nullable String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String v = header.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
