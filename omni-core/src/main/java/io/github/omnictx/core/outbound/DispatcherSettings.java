package io.github.omnictx.core.outbound;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How one dispatcher claims and retries: its node id (the lease owner), how many rows one claim
 * takes, how long a lease lasts, how often a step is attempted and how retries back off, and which
 * tenants it drains. Immutable and thread-safe; build with {@link #builder()}.
 */
public final class DispatcherSettings {
  private final String nodeId;
  private final int batchSize;
  private final Duration lease;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Set<TenantId> tenants;
  private final Duration callTimeout;

  private DispatcherSettings(Builder b) {
    this.nodeId = b.nodeId;
    this.batchSize = b.batchSize;
    this.lease = b.lease;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.tenants = Set.copyOf(b.tenants);
    this.callTimeout = b.callTimeout;
  }

  /**
   * A builder with the defaults: a node id made of the process id and a random suffix, 50 rows per
   * claim, 60-second leases, 8 attempts per step, backoff from 10 seconds doubling to 30 minutes,
   * 30 seconds per provider call, every tenant.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the defaults */
  public static DispatcherSettings defaults() {
    return builder().build();
  }

  /** @return the lease owner this dispatcher claims as */
  public String nodeId() {
    return nodeId;
  }

  /** @return the most rows one claim takes */
  public int batchSize() {
    return batchSize;
  }

  /** @return how long a claimed row stays this dispatcher's, by the database clock */
  public Duration lease() {
    return lease;
  }

  /** @return how often one step is attempted before it fails for good */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** @return the pause after the first failed attempt */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** @return the longest pause between attempts (a provider's Retry-After may ask for longer) */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * How long one provider call may take before the dispatcher stops waiting and counts it as a
   * {@code TEMPORARY} failure (retried with the same idempotency key): the configured timeout, and
   * never more than half the lease, so a hanging provider cannot hold a row past its lease.
   *
   * @return the per-call timeout in effect
   */
  public Duration callTimeout() {
    Duration half = lease.dividedBy(2);
    return callTimeout.compareTo(half) > 0 ? half : callTimeout;
  }

  /** @return the tenants drained, empty for every tenant of the store */
  public Set<TenantId> tenants() {
    return tenants;
  }

  @Override
  public String toString() {
    return "DispatcherSettings[" + nodeId + ", batch " + batchSize + ", lease " + lease + ", " + maxAttempts
        + " attempts, backoff " + initialBackoff + ".." + maxBackoff + ", call timeout " + callTimeout()
        + (tenants.isEmpty() ? "" : ", tenants " + tenants)
        + "]";
  }

  /** Builds {@link DispatcherSettings}. Not thread-safe. */
  public static final class Builder {
    private String nodeId = "omni-" + ProcessHandle.current().pid() + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    private int batchSize = 50;
    private Duration lease = Duration.ofSeconds(60);
    private int maxAttempts = 8;
    private Duration initialBackoff = Duration.ofSeconds(10);
    private Duration maxBackoff = Duration.ofMinutes(30);
    private final Set<TenantId> tenants = new HashSet<>();
    private Duration callTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * @param timeout how long one provider call may take, 1 millisecond to 10 minutes (the
     *     dispatcher waits at most half the lease in any case)
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      Checks.notNull(timeout, "callTimeout");
      if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("callTimeout must be between 1 ms and 10 minutes, was: " + timeout);
      }
      this.callTimeout = timeout;
      return this;
    }

    /**
     * @param id the lease owner, 1-64 characters without control characters; unique per node
     * @return this builder
     */
    public Builder nodeId(String id) {
      Checks.maxLength(Checks.notBlank(id, "nodeId"), 64, "nodeId");
      if (id.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("nodeId must not contain control characters");
      }
      this.nodeId = id;
      return this;
    }

    /**
     * @param size the most rows per claim, 1-1000
     * @return this builder
     */
    public Builder batchSize(int size) {
      if (size < 1 || size > 1000) {
        throw new IllegalArgumentException("batchSize must be between 1 and 1000, was: " + size);
      }
      this.batchSize = size;
      return this;
    }

    /**
     * @param lease how long a claim lasts, 1 millisecond to 1 hour; longer than a provider call
     *     with its retries inside a {@code ResilientAdapter} takes
     * @return this builder
     */
    public Builder lease(Duration lease) {
      Checks.notNull(lease, "lease");
      if (lease.compareTo(Duration.ofMillis(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("lease must be between 1 ms and 1 hour, was: " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * @param attempts attempts per step, 1-100
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be between 1 and 100, was: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * @param initial the pause after the first failure, doubling after each next one (with jitter)
     * @param max the longest pause
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      Checks.notNull(initial, "initialBackoff");
      Checks.notNull(max, "maxBackoff");
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || max.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("backoff must have 0 < initial <= max <= 1 day, was: " + initial + ", " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Restricts the dispatcher to some tenants (a dedicated node for a large tenant); by default it
     * drains every tenant of the store.
     *
     * @param tenants the tenants
     * @return this builder
     */
    public Builder tenants(Set<TenantId> tenants) {
      Checks.notNull(tenants, "tenants");
      this.tenants.clear();
      tenants.forEach(t -> this.tenants.add(Checks.notNull(t, "tenant")));
      return this;
    }

    /** @return the settings */
    public DispatcherSettings build() {
      return new DispatcherSettings(this);
    }
  }
}
