/**
 * Identities: the normalised ways a person is recognised (e-mail, E.164 phone, loyalty card, channel
 * handles, device, CRM id), the tenant's {@link io.github.omnictx.core.identity.IdentityRules}, and
 * merge ids. Identity resolution itself, the {@link io.github.omnictx.core.identity.service.Identities}
 * service with its results and merge journal records, sits in {@code identity.service}.
 */
@NullMarked
package io.github.omnictx.core.identity;

import org.jspecify.annotations.NullMarked;
