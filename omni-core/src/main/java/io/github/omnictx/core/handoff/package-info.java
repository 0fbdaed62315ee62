/**
 * Handoffs: transfers of control of a conversation (bot to agent, agent to agent, queue to agent)
 * offered, accepted exactly once, declined, expired or released, and the {@link
 * io.github.omnictx.core.handoff.HandoffContext} the new owner receives.
 */
@NullMarked
package io.github.omnictx.core.handoff;

import org.jspecify.annotations.NullMarked;
