/**
 * Not API: may change in any release. The consent and contact-preference service.
 */
@NullMarked
package io.github.omnictx.core.engine.consent;

import org.jspecify.annotations.NullMarked;
