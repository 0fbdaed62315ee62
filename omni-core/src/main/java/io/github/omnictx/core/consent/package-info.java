/**
 * Consent per channel and purpose, and contact preferences (preferred channels, quiet hours, time
 * zone); the {@link io.github.omnictx.core.consent.Consents} service that records them on the customer.
 */
@NullMarked
package io.github.omnictx.core.consent;

import org.jspecify.annotations.NullMarked;
