/**
 * Identities: the normalised ways a person is recognised (e-mail, E.164 phone, loyalty card, channel handles, device, CRM id).
 */
@NullMarked
package io.github.omnictx.core.identity;

import org.jspecify.annotations.NullMarked;
