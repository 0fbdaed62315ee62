/**
 * Routing: agents with skills, languages, presence and capacity per channel kind, the pluggable
 * {@link io.github.omnictx.core.routing.Router} and the built-in strategies in {@link
 * io.github.omnictx.core.routing.Routers}.
 */
@NullMarked
package io.github.omnictx.core.routing;

import org.jspecify.annotations.NullMarked;
