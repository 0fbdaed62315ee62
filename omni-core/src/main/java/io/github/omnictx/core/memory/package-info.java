/**
 * The in-memory store: the storage SPI for tests, demos and single-process tools.
 *
 * <p>Inside (not API): {@link io.github.omnictx.core.memory.InMemoryStore} keeps each tenant's
 * records in a {@code TenantData} behind the tenant's lock; a unit of work is an {@code
 * InMemoryTransaction} with one package-private class per repository ({@code InMemoryCustomers},
 * {@code InMemoryTouchpoints}, {@code InMemoryConversations}, {@code InMemoryAgents}, {@code
 * InMemoryHandoffs}, {@code InMemoryMergeJournal}, {@code InMemoryWebhookTokens}), each writing
 * through the unit's {@code UndoLog} so that a failing unit is undone before the lock is released.
 */
@NullMarked
package io.github.omnictx.core.memory;

import org.jspecify.annotations.NullMarked;
