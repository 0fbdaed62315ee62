/**
 * Channel descriptors: ids, kinds, capabilities, and the standard retail channels in {@link io.github.omnictx.core.channel.Channels}.
 */
@NullMarked
package io.github.omnictx.core.channel;

import org.jspecify.annotations.NullMarked;
