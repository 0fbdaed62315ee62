/**
 * Customers: the person behind every identity, with attributes, consents, preferences and a version for optimistic locking; the {@link io.github.omnictx.core.customer.Customers} service.
 */
@NullMarked
package io.github.omnictx.core.customer;

import org.jspecify.annotations.NullMarked;
