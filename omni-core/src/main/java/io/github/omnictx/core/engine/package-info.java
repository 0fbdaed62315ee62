/**
 * The engine behind the services. Not API: may change in any release. {@link
 * io.github.omnictx.core.engine.UnitOfWork} runs each unit of work of a tenant, publishes its
 * events after commit ({@link io.github.omnictx.core.engine.EventBus}) and owns the one loop that
 * runs a unit of work again after it lost a race, under the configured {@link
 * io.github.omnictx.core.RetryPolicy}. One subpackage per feature holds that feature's service;
 * engine packages import each other only downwards: customer (with its merge groups) at the bottom,
 * identity, consent, timeline, routing and outbound on it, then handoff (routing, timeline),
 * conversation (routing, handoff, timeline, outbound) and webhook (identity, conversation,
 * timeline, outbound) on top.
 */
@NullMarked
package io.github.omnictx.core.engine;

import org.jspecify.annotations.NullMarked;
