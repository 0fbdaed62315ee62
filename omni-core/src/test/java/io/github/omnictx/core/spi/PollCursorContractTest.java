package io.github.omnictx.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.webhook.PollPosition;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract for {@link PollCursorRepository}: a remembered position is found again in a later
 * unit of work (a restarted poller), replaced by the next one, kept apart per tenant, adapter and
 * source, and dropped with the unit of work that failed. Every store runs it.
 */
public abstract class PollCursorContractTest {
  private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
  private static final String SOURCE = "imap://shop@mail.example.com/INBOX";

  /**
   * The store under test. May return the same instance on every call.
   *
   * @return the store
   */
  protected abstract OmniStore store();

  private static TenantId tenant() {
    return TenantId.of("poll-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private Optional<PollPosition> find(TenantId tenant, String adapter, String source) {
    return store().inTransaction(tenant, tx -> tx.pollCursors().find(adapter, source));
  }

  private void save(TenantId tenant, String adapter, String source, PollPosition position) {
    store().inTransaction(tenant, tx -> {
      tx.pollCursors().save(adapter, source, position, NOW);
      return null;
    });
  }

  @Test
  void aSourceNeverPolledHasNoPosition() {
    assertThat(find(tenant(), "mail", SOURCE)).isEmpty();
  }

  @Test
  void aRememberedPositionIsFoundAgainAndReplacedByTheNext() {
    TenantId t = tenant();
    save(t, "mail", SOURCE, new PollPosition(1_733_000_000L, 41));
    assertThat(find(t, "mail", SOURCE)).contains(new PollPosition(1_733_000_000L, 41));
    save(t, "mail", SOURCE, new PollPosition(1_733_000_000L, 42));
    assertThat(find(t, "mail", SOURCE)).contains(new PollPosition(1_733_000_000L, 42));
    save(t, "mail", SOURCE, new PollPosition(1_800_000_000L, 0));
    assertThat(find(t, "mail", SOURCE)).contains(new PollPosition(1_800_000_000L, 0));
  }

  @Test
  void positionsAreKeptApartPerTenantAdapterAndSource() {
    TenantId a = tenant();
    TenantId b = tenant();
    save(a, "mail", SOURCE, new PollPosition(7, 3));
    save(a, "mail", SOURCE + "/Archive", new PollPosition(7, 9));
    save(a, "mail-support", SOURCE, new PollPosition(8, 1));
    assertThat(find(a, "mail", SOURCE)).contains(new PollPosition(7, 3));
    assertThat(find(a, "mail", SOURCE + "/Archive")).contains(new PollPosition(7, 9));
    assertThat(find(a, "mail-support", SOURCE)).contains(new PollPosition(8, 1));
    assertThat(find(b, "mail", SOURCE)).isEmpty();
  }

  @Test
  void aFailedUnitOfWorkRemembersNothing() {
    TenantId t = tenant();
    save(t, "mail", SOURCE, new PollPosition(5, 10));
    try {
      store().inTransaction(t, tx -> {
        tx.pollCursors().save("mail", SOURCE, new PollPosition(5, 11), NOW);
        throw new IllegalStateException("the pipeline failed after the position was saved");
      });
    } catch (RuntimeException expected) {
      // the unit of work rolled back
    }
    assertThat(find(t, "mail", SOURCE)).contains(new PollPosition(5, 10));
  }

  @Test
  void sourcesAtTheDocumentedLengthAreKept() {
    TenantId t = tenant();
    String longest = "imap://" + "x".repeat(PollCursorRepository.MAX_SOURCE_LENGTH - 7);
    save(t, "a".repeat(32), longest, new PollPosition(Long.MAX_VALUE, Long.MAX_VALUE));
    assertThat(find(t, "a".repeat(32), longest)).contains(new PollPosition(Long.MAX_VALUE, Long.MAX_VALUE));
  }
}
