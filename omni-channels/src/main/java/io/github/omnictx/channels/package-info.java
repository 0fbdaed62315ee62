/**
 * Channel adapters for the providers retailers use, one package each, and {@link
 * io.github.omnictx.channels.ResilientAdapter}, which wraps any adapter's sends in resilience4j
 * retry, circuit breaker and rate limiter.
 */
@NullMarked
package io.github.omnictx.channels;

import org.jspecify.annotations.NullMarked;
