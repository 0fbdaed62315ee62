/**
 * The identities service a tenant hands out ({@code shop.identities()}): identity resolution,
 * reversible merges and manual links, with the {@link
 * io.github.omnictx.core.identity.service.Resolution} it returns and the {@link
 * io.github.omnictx.core.identity.service.MergeRecord} entries of the merge journal. Beside the
 * identity values rather than among them because these name the customer, and the customer holds
 * identities: kept apart, the packages import only downwards.
 */
@NullMarked
package io.github.omnictx.core.identity.service;

import org.jspecify.annotations.NullMarked;
