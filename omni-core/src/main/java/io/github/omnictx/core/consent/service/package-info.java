/**
 * The consents service a tenant hands out ({@code shop.consents()}): records consent answers and
 * contact preferences on the customer. Beside the consent values rather than among them because it
 * names the customer, and the customer holds consent values: kept apart, the packages import only
 * downwards.
 */
@NullMarked
package io.github.omnictx.core.consent.service;

import org.jspecify.annotations.NullMarked;
