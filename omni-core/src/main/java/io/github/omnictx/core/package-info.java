/**
 * The entry point ({@link io.github.omnictx.core.Omni}, {@link io.github.omnictx.core.OmniTenant}), tenants, id generation and the exception family rooted at {@link io.github.omnictx.core.OmniException}.
 */
@NullMarked
package io.github.omnictx.core;

import org.jspecify.annotations.NullMarked;
