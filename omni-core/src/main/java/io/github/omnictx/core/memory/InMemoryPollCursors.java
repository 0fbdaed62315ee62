package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.PollCursorRepository;
import io.github.omnictx.core.webhook.PollPosition;
import java.time.Instant;
import java.util.Optional;

/** Poll positions by (adapter, source). */
final class InMemoryPollCursors implements PollCursorRepository {
  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryPollCursors(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  @Override
  public Optional<PollPosition> find(String adapter, String source) {
    tx.checkOpen();
    return Optional.ofNullable(d.pollCursors.get(adapter + '\u0000' + source));
  }

  @Override
  public void save(String adapter, String source, PollPosition position, Instant now) {
    tx.checkOpen();
    undo.put(d.pollCursors, adapter + '\u0000' + source, position);
  }
}
