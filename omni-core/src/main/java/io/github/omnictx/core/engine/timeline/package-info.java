/**
 * Not API: may change in any release. The timeline service: idempotent appends, status updates and
 * keyset pages with opaque cursors.
 */
@NullMarked
package io.github.omnictx.core.engine.timeline;

import org.jspecify.annotations.NullMarked;
