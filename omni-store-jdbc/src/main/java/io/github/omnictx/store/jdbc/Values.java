package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channel ids and touchpoint types read back from the database, validated once per distinct value
 * instead of once per row (a timeline page would otherwise run the same regular expressions
 * hundreds of times). Bounded: there are few channels and types, and past the bound values are
 * simply parsed each time. Thread-safe.
 */
final class Values {
  private static final int MAX = 4096;
  private static final Map<String, ChannelId> CHANNELS = new ConcurrentHashMap<>();
  private static final Map<String, TouchpointType> TYPES = new ConcurrentHashMap<>();

  private Values() {}

  static ChannelId channel(String value) {
    ChannelId known = CHANNELS.get(value);
    if (known != null) {
      return known;
    }
    ChannelId parsed = ChannelId.of(value);
    if (CHANNELS.size() < MAX) {
      CHANNELS.put(value, parsed);
    }
    return parsed;
  }

  static TouchpointType type(String value) {
    TouchpointType known = TYPES.get(value);
    if (known != null) {
      return known;
    }
    TouchpointType parsed = TouchpointType.of(value);
    if (TYPES.size() < MAX) {
      TYPES.put(value, parsed);
    }
    return parsed;
  }
}
