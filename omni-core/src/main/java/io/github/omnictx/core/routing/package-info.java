/**
 * Routing: agents with skills, languages, presence and capacity per channel kind, the pluggable
 * {@link io.github.omnictx.core.routing.Router} and the built-in strategies in {@link
 * io.github.omnictx.core.routing.Routers}. An agent is named by its {@link
 * io.github.omnictx.core.conversation.AgentId}, which lives in {@code conversation}: conversations,
 * which routing imports, remember their last agent, so the id cannot live here without a cycle.
 */
@NullMarked
package io.github.omnictx.core.routing;

import org.jspecify.annotations.NullMarked;
