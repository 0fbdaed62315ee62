/**
 * Identities: the normalised ways a person is recognised (e-mail, E.164 phone, loyalty card, channel
 * handles, device, CRM id), and identity resolution: the {@link io.github.omnictx.core.identity.Identities}
 * service (resolve, reversible merges recorded in a journal, manual link and unlink) governed by a
 * tenant's {@link io.github.omnictx.core.identity.IdentityRules}.
 */
@NullMarked
package io.github.omnictx.core.identity;

import org.jspecify.annotations.NullMarked;
