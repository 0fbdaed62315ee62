/**
 * Not API: may change in any release. The agents service and routing: assignment, release, the
 * routing pass over the queue and capacity per channel kind. Imports no other engine feature
 * package but customer.
 */
@NullMarked
package io.github.omnictx.core.engine.routing;

import org.jspecify.annotations.NullMarked;
