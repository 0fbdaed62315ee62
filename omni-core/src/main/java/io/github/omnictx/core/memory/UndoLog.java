package io.github.omnictx.core.memory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * What a unit of work changed in its tenant's data, newest first, so that a failing unit can be
 * undone before its tenant's lock is released: every change a repository makes goes through here.
 * Not thread-safe; used under the tenant's lock.
 */
final class UndoLog {
  private final Deque<Runnable> undo = new ArrayDeque<>();

  /** Puts {@code value} under {@code key}, remembering what was there (or that nothing was). */
  <K, V> void put(Map<K, V> map, K key, V value) {
    V old = map.put(key, value);
    undo.push(() -> {
      if (old == null) {
        map.remove(key);
      } else {
        map.put(key, old);
      }
    });
  }

  /** Removes {@code key}, remembering what was there. */
  <K, V> void remove(Map<K, V> map, K key) {
    V old = map.remove(key);
    if (old != null) {
      undo.push(() -> map.put(key, old));
    }
  }

  /** Remembers how to undo a change made some other way. */
  void onUndo(Runnable step) {
    undo.push(step);
  }

  /** Undoes every change, newest first. */
  void undoAll() {
    while (!undo.isEmpty()) {
      undo.pop().run();
    }
  }
}
