/**
 * The in-memory store: the storage SPI for tests, demos and single-process tools.
 */
@NullMarked
package io.github.omnictx.core.memory;

import org.jspecify.annotations.NullMarked;
