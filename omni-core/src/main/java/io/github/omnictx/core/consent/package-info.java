/**
 * Consent per channel and purpose, and contact preferences (preferred channels, quiet hours, time zone).
 */
@NullMarked
package io.github.omnictx.core.consent;

import org.jspecify.annotations.NullMarked;
