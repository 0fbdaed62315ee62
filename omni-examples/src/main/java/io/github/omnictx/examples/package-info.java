/**
 * Runnable programs: the retail demo ({@link io.github.omnictx.examples.RetailDemo}) and the
 * README's quick start ({@link io.github.omnictx.examples.QuickStart}).
 */
package io.github.omnictx.examples;
