/**
 * Loyalty points: the {@link io.github.omnictx.core.loyalty.Loyalty} SPI a retailer's loyalty
 * system implements (balance, award, reverse), its in-memory reference {@link
 * io.github.omnictx.core.loyalty.InMemoryLoyalty}, and the tenant service {@link
 * io.github.omnictx.core.loyalty.LoyaltyPoints} that records every award and reversal as a
 * touchpoint on the customer's timeline.
 */
@NullMarked
package io.github.omnictx.core.loyalty;

import org.jspecify.annotations.NullMarked;
