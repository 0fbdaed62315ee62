/**
 * The entry point ({@link io.github.omnictx.core.Omni}, {@link io.github.omnictx.core.OmniTenant}),
 * tenants, id generation, the {@link io.github.omnictx.core.RetryPolicy} every service write runs
 * under, and the common exception family rooted at {@link io.github.omnictx.core.OmniException}.
 * Each feature's values, service and own exceptions live in its own package below this one.
 */
@NullMarked
package io.github.omnictx.core;

import org.jspecify.annotations.NullMarked;
