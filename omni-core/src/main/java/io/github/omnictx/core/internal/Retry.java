package io.github.omnictx.core.internal;

import io.github.omnictx.core.ConcurrentUpdateException;
import java.util.function.Supplier;

/** Re-runs a whole unit of work that lost a race. Not API. */
final class Retry {
  private Retry() {}

  /**
   * Runs the work, again after a {@link ConcurrentUpdateException}, at most {@code attempts} times.
   * Use only for work that re-reads everything it decides on.
   */
  static <T> T onConflict(int attempts, Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (ConcurrentUpdateException e) {
        if (attempt >= attempts) {
          throw e;
        }
      }
    }
  }
}
