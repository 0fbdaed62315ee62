package io.github.omnictx.examples;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.RecordResult;
import io.github.omnictx.core.timeline.TimelinePage;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.TouchpointType;
import java.util.List;
import java.util.Map;

/**
 * The README's quick start, kept compiling and running here ({@code ReadmeSnippetTest} checks that
 * the README shows exactly this code).
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the quick start.
   *
   * @return the newest page of the customer's timeline
   */
  public static TimelinePage run() {
    // README-SNIPPET-START
    Omni omni = Omni.builder().store(new InMemoryStore()).build();
    OmniTenant shop = omni.tenant(TenantId.of("acme-retail"));

    Customer anna = shop.customers().create(
        List.of(Identity.email("Anna.Schmidt@example.com"), Identity.phone("0151 1234 5678", "DE")),
        Map.of("name", "Anna Schmidt"));

    // A WhatsApp message; the provider may deliver it twice: it is recorded once.
    NewTouchpoint message = NewTouchpoint.builder(anna.id(), Channels.WHATSAPP.id(), TouchpointType.MESSAGE)
        .externalId("wamid.HBgLMTU1NTEyMzQ1Njc4FQIAEhgUM0VCMDRE")
        .build();
    RecordResult first = shop.timeline().record(message);
    RecordResult again = shop.timeline().record(message);
    System.out.println("first: " + first.duplicate() + ", again: " + again.duplicate()); // false, true

    // The same person at the till, recognised by the phone number on the receipt.
    Customer atTheTill = shop.customers().getByIdentity(Identity.phone("+49 151 12345678"));
    shop.timeline().record(NewTouchpoint.builder(atTheTill.id(), Channels.STORE.id(), TouchpointType.PURCHASE).build());

    TimelinePage page = shop.timeline().page(TimelineQuery.forCustomer(anna.id()).newestFirst().pageSize(20).build());
    page.items().forEach(t -> System.out.println(t.occurredAt() + " " + t.channel() + " " + t.type()));
    // README-SNIPPET-END
    return page;
  }

  /**
   * Runs the quick start from the command line.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run();
  }
}
