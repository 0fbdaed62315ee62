/**
 * Consent per channel and purpose, and contact preferences (preferred channels, quiet hours, time
 * zone), as the customer holds them; the {@link io.github.omnictx.core.consent.service.Consents}
 * service records them.
 */
@NullMarked
package io.github.omnictx.core.consent;

import org.jspecify.annotations.NullMarked;
