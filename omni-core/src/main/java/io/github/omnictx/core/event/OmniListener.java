package io.github.omnictx.core.event;

/**
 * Receives committed {@link OmniEvent}s. Called on the thread that made the change, after commit;
 * keep it quick or hand off to an executor. An exception it throws is logged and contained: it never
 * undoes or fails the write that triggered it, and other listeners still run.
 */
@FunctionalInterface
public interface OmniListener {

  /**
   * Receives an event.
   *
   * @param event the committed event
   */
  void onEvent(OmniEvent event);
}
