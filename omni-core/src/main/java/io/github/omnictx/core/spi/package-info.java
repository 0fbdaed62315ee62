/**
 * The storage SPI: {@link io.github.omnictx.core.spi.OmniStore} and its tenant-bound repositories. Implemented by the in-memory store and the JDBC store; proven by the contract tests in omni-core's {@code tests} jar.
 */
@NullMarked
package io.github.omnictx.core.spi;

import org.jspecify.annotations.NullMarked;
