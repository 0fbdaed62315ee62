package io.github.omnictx.core.engine.consent;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.consent.service.Consents;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.event.ConsentChanged;
import io.github.omnictx.core.event.CustomerUpdated;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.spi.StoreTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@link Consents} service. Not API. Thread-safe. */
public final class ConsentService implements Consents {
  private final UnitOfWork uow;

  /**
   * @param uow the tenant's units of work
   */
  public ConsentService(UnitOfWork uow) {
    this.uow = uow;
  }

  @Override
  public Customer record(CustomerId customer, Consent consent) {
    Checks.required(customer, "customer");
    Checks.required(consent, "consent");
    uow.channel(consent.channel());
    return uow.write((tx, events) -> recordIn(uow, tx, events, MergeGroups.live(tx, customer), consent));
  }

  /**
   * Records an answer inside a unit of work already open (the webhook pipeline records a consent
   * signal with the resolution of its sender): the latest answer by time wins, an older or equal one
   * changes nothing.
   *
   * @param uow the tenant's units of work
   * @param tx the transaction
   * @param events the unit of work's pending events
   * @param c the live customer, as read in this unit of work
   * @param consent the answer, its channel registered
   * @return the customer after the change, {@code c} itself when nothing changed
   * @throws io.github.omnictx.core.ConcurrentUpdateException when the customer changed since it was
   *     read; the unit of work runs again
   */
  public static Customer recordIn(UnitOfWork uow, StoreTransaction tx, List<OmniEvent> events, Customer c,
      Consent consent) {
    Optional<Consent> previous = c.consent(consent.channel(), consent.purpose());
    if (previous.isPresent() && (previous.get().equals(consent) || consent.at().isBefore(previous.get().at()))) {
      return c;
    }
    Instant now = uow.now();
    Customer next = c.toBuilder().consent(consent).version(c.version() + 1)
        .updatedAt(now.isBefore(c.updatedAt()) ? c.updatedAt() : now).build();
    tx.customers().update(next, c.version());
    events.add(new ConsentChanged(uow.tenant(), now, next.id(), previous, consent));
    events.add(new CustomerUpdated(uow.tenant(), now, next));
    return next;
  }

  @Override
  public Customer record(CustomerId customer, ChannelId channel, Purpose purpose, ConsentStatus status, String source) {
    Checks.required(channel, "channel");
    Checks.required(purpose, "purpose");
    Checks.required(status, "status");
    Consent consent = Checks.input("consent", () -> new Consent(channel, purpose, status, source, uow.now()));
    return record(customer, consent);
  }

  @Override
  public Optional<Consent> find(CustomerId customer, ChannelId channel, Purpose purpose) {
    Checks.required(customer, "customer");
    Checks.required(channel, "channel");
    Checks.required(purpose, "purpose");
    return uow.read(tx -> MergeGroups.live(tx, customer).consent(channel, purpose));
  }

  @Override
  public boolean allows(CustomerId customer, ChannelId channel, Purpose purpose) {
    return find(customer, channel, purpose).map(c -> c.status().allows()).orElse(purpose != Purpose.MARKETING);
  }

  @Override
  public Customer setPreferences(CustomerId customer, ContactPreferences preferences) {
    Checks.required(customer, "customer");
    Checks.required(preferences, "preferences");
    preferences.preferredChannels().forEach(uow::channel);
    return uow.write((tx, events) -> {
      Customer c = MergeGroups.live(tx, customer);
      if (c.preferences().equals(preferences)) {
        return c;
      }
      Instant now = uow.now();
      Customer next = c.toBuilder().preferences(preferences).version(c.version() + 1)
          .updatedAt(now.isBefore(c.updatedAt()) ? c.updatedAt() : now).build();
      tx.customers().update(next, c.version());
      events.add(new CustomerUpdated(uow.tenant(), now, next));
      return next;
    });
  }

  @Override
  public boolean isQuiet(CustomerId customer, Instant at) {
    Checks.required(customer, "customer");
    Checks.required(at, "at");
    ContactPreferences p = uow.read(tx -> MergeGroups.live(tx, customer).preferences());
    return p.quietHours().map(q -> q.contains(at.atZone(p.zone()).toLocalTime())).orElse(false);
  }
}
