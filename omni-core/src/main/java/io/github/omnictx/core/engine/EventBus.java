package io.github.omnictx.core.engine;

import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.OmniListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed events to listeners, containing their failures. Not API. Thread-safe (the
 * listener list is immutable).
 */
public final class EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
  private final List<OmniListener> listeners;

  /**
   * Creates a bus.
   *
   * @param listeners the listeners, in call order
   */
  public EventBus(List<OmniListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Delivers events to every listener in order; a listener's exception is logged and contained.
   *
   * @param events committed events
   */
  public void publish(List<? extends OmniEvent> events) {
    for (OmniEvent event : events) {
      for (OmniListener listener : listeners) {
        try {
          listener.onEvent(event);
        } catch (RuntimeException | Error e) {
          if (e instanceof VirtualMachineError) {
            throw (Error) e;
          }
          LOG.warn("listener {} failed on {}; the change stays committed", listener, event.getClass().getSimpleName(), e);
        }
      }
    }
  }
}
