/**
 * A webhook server on the JDK's own {@code com.sun.net.httpserver}, mounting the Omni pipeline for
 * every channel adapter configured in the environment.
 */
@NullMarked
package io.github.omnictx.examples.webhook;

import org.jspecify.annotations.NullMarked;
