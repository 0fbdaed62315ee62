/**
 * Runnable programs: the retail demo ({@link io.github.omnictx.examples.RetailDemo}) and the
 * README's quick start ({@link io.github.omnictx.examples.QuickStart}).
 */
@NullMarked
package io.github.omnictx.examples;

import org.jspecify.annotations.NullMarked;
