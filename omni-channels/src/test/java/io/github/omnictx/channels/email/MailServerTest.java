package io.github.omnictx.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.webhook.PollPosition;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mail against a real SMTP and IMAP server running in the test (GreenMail): the shop's mailbox
 * {@code service@grocer.example} (login {@code service}), customers writing to it over SMTP.
 */
class MailServerTest {
  private static final String SHOP = "service@grocer.example";
  private static final String ANNA = "anna.petrova@mail.example";

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP_IMAP)
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(SHOP, "service", "s3cret"));

  private final InMemoryStore store = new InMemoryStore();

  private static MailConfig config() {
    MailServer smtp = MailServer.login("127.0.0.1", MAIL.getSmtp().getPort(), MailServer.Security.NONE, "service", "s3cret");
    MailServer imap = MailServer.login("127.0.0.1", MAIL.getImap().getPort(), MailServer.Security.NONE, "service", "s3cret");
    return MailAdapterContractTest.config().smtp(smtp).imap(imap).build();
  }

  /** A node of the shop: its own Omni over the shared store, as after a restart. */
  private OmniTenant node(MailAdapter adapter) {
    return Omni.builder().store(store).adapter(adapter).build().tenant("grocer");
  }

  private static void customerWrites(String from, String messageId, String subject, String text) throws Exception {
    Session session = session();
    MimeMessage m = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws jakarta.mail.MessagingException {
        setHeader("Message-ID", "<" + messageId + ">");
      }
    };
    m.setFrom(new InternetAddress(from, "Anna Petrova", "UTF-8"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(SHOP));
    m.setSubject(subject, "UTF-8");
    m.setText(text, "UTF-8");
    send(m);
  }

  private static Session session() {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", Integer.toString(MAIL.getSmtp().getPort()));
    return Session.getInstance(p);
  }

  private static void send(MimeMessage m) throws Exception {
    Transport.send(m);
  }

  private static List<Touchpoint> timeline(OmniTenant shop, String address) {
    Customer c = shop.customers().getByIdentity(Identity.email(address));
    return shop.timeline().page(TimelineQuery.forCustomer(c.id()).oldestFirst().build()).items();
  }

  @Test
  void twoMailsWithAPollerRestartBetweenThemAreEachRecordedOnce() throws Exception {
    customerWrites(ANNA, "first-1@mail.example", "Order 100234", "Where is my parcel?");
    MailAdapter adapter = new MailAdapter(config());
    OmniTenant first = node(adapter);
    ImapPoller.Round one = new ImapPoller(adapter, first.webhooks()).pollOnce();
    assertThat(one.stoppedBy()).isEmpty();
    assertThat(one.recorded()).isEqualTo(1);

    // the poller (and its Omni) restart; the second mail arrives meanwhile
    customerWrites(ANNA, "second-2@mail.example", "Re: Order 100234", "It has arrived, thank you!");
    MailAdapter restarted = new MailAdapter(config());
    OmniTenant second = node(restarted);
    ImapPoller poller = new ImapPoller(restarted, second.webhooks());
    ImapPoller.Round two = poller.pollOnce();
    assertThat(two.handed()).as("only the new mail is read").isEqualTo(1);
    assertThat(two.recorded()).isEqualTo(1);
    assertThat(poller.pollOnce().handed()).isZero();

    assertThat(timeline(second, ANNA)).extracting(t -> t.externalId().orElseThrow())
        .containsExactly("first-1@mail.example", "second-2@mail.example");
    assertThat(second.webhooks().pollPosition("mail", poller.source())).hasValueSatisfying(p -> assertThat(p.last())
        .isEqualTo(2));
  }

  @Test
  void aNewUidValidityReadsTheFolderAgainAndRecordsNothingTwice() throws Exception {
    customerWrites(ANNA, "a-1@mail.example", "One", "first");
    customerWrites(ANNA, "a-2@mail.example", "Two", "second");
    MailAdapter adapter = new MailAdapter(config());
    OmniTenant shop = node(adapter);
    ImapPoller poller = new ImapPoller(adapter, shop.webhooks());
    assertThat(poller.pollOnce().recorded()).isEqualTo(2);
    // a position remembered under another UIDVALIDITY (the folder was rebuilt) is not trusted
    shop.webhooks().rememberPollPosition("mail", poller.source(), new PollPosition(42, 1_000));
    ImapPoller.Round again = poller.pollOnce();
    assertThat(again.handed()).isEqualTo(2);
    assertThat(again.recorded()).isZero();
    assertThat(timeline(shop, ANNA)).hasSize(2);
  }

  @Test
  void aReplyOverSmtpCarriesTheThreadingHeadersOfTheMailItAnswers() throws Exception {
    customerWrites(ANNA, "question-7@mail.example", "Order 100234", "Where is my parcel?");
    MailAdapter adapter = new MailAdapter(config());
    OmniTenant shop = node(adapter);
    new ImapPoller(adapter, shop.webhooks()).pollOnce();
    Touchpoint question = timeline(shop, ANNA).get(0);
    MailThread thread = MailThread.of(question).orElseThrow();

    OutboundMessage answer = OutboundMessage.text(Identity.email(ANNA), "It is out for delivery today.", "tp-0193a1f0");
    SendReceipt receipt = adapter.send(answer, thread);
    assertThat(receipt.messageId()).isEqualTo("omni.tp-0193a1f0@grocer.example");

    MimeMessage received = Arrays.stream(MAIL.getReceivedMessages())
        .filter(m -> hasRecipient(m, ANNA)).findFirst().orElseThrow();
    assertThat(received.getHeader("Message-ID", null)).isEqualTo("<omni.tp-0193a1f0@grocer.example>");
    assertThat(received.getHeader("In-Reply-To", null)).isEqualTo("<question-7@mail.example>");
    assertThat(received.getHeader("References", null)).isEqualTo("<question-7@mail.example>");
    assertThat(received.getSubject()).isEqualTo("Re: Order 100234");
    assertThat(((InternetAddress) received.getFrom()[0]).getAddress()).isEqualTo(SHOP);
    assertThat(String.valueOf(received.getContent()).strip()).isEqualTo("It is out for delivery today.");
  }

  @Test
  void aRetriedSendCarriesTheSameMessageId() throws Exception {
    MailAdapter adapter = new MailAdapter(config());
    OutboundMessage m = OutboundMessage.text(Identity.email(ANNA), "Your order has shipped.", "tp-42");
    adapter.send(m);
    adapter.send(m);
    List<String> ids = Arrays.stream(MAIL.getReceivedMessages()).filter(x -> hasRecipient(x, ANNA))
        .map(x -> header(x, "Message-ID")).toList();
    assertThat(ids).containsExactly("<omni.tp-42@grocer.example>", "<omni.tp-42@grocer.example>");
  }

  @Test
  void aMailWithATwentyMegabyteAttachmentIsRecordedWithoutItWithTheReason() throws Exception {
    Session session = session();
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(ANNA));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(SHOP));
    m.setSubject("The video of the damaged box");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("See the video attached.", "UTF-8");
    MimeBodyPart video = new MimeBodyPart();
    video.setContent(new byte[20 * 1024 * 1024], "video/mp4");
    video.setFileName("box.mp4");
    MimeMultipart mixed = new MimeMultipart("mixed");
    mixed.addBodyPart(text);
    mixed.addBodyPart(video);
    m.setContent(mixed);
    send(m);

    MailAdapter adapter = new MailAdapter(config());
    OmniTenant shop = node(adapter);
    ImapPoller.Round round = new ImapPoller(adapter, shop.webhooks()).pollOnce();
    assertThat(round.stoppedBy()).isEmpty();
    assertThat(round.recorded()).isEqualTo(1);
    Touchpoint t = timeline(shop, ANNA).get(0);
    assertThat(t.payloadText("text")).contains("See the video attached.");
    assertThat(t.payload().path("attachments").isMissingNode() || t.payload().path("attachments").isEmpty()).isTrue();
    assertThat(t.payload().path("provider").path("omittedAttachments")).singleElement().satisfies(o -> {
      assertThat(o.path("name").asText()).isEqualTo("box.mp4");
      assertThat(o.path("type").asText()).isEqualTo("video/mp4");
      assertThat(o.path("reason").asText()).contains("over the size limit");
    });
  }

  @Test
  void aMailWithoutASenderIsPassedOverWithoutStoppingThePoller() throws Exception {
    Session session = session();
    MimeMessage anonymous = new MimeMessage(session);
    anonymous.setRecipient(Message.RecipientType.TO, new InternetAddress(SHOP));
    anonymous.setSubject("nobody");
    anonymous.setText("A mail that names no sender.");
    anonymous.saveChanges();
    anonymous.removeHeader("From");
    MAIL.getUserManager().getUserByEmail(SHOP).deliver(anonymous);
    customerWrites(ANNA, "after-1@mail.example", "Hello", "a real one after it");

    MailAdapter adapter = new MailAdapter(config());
    OmniTenant shop = node(adapter);
    ImapPoller.Round round = new ImapPoller(adapter, shop.webhooks()).pollOnce();
    assertThat(round.handed()).isEqualTo(2);
    assertThat(round.recorded()).isEqualTo(1);
    assertThat(round.stoppedBy()).isEmpty();
    assertThat(timeline(shop, ANNA)).hasSize(1);
  }

  @Test
  void aWrongLoginEndsTheRoundWithTheReasonAndThrowsNothing() {
    MailServer wrong = MailServer.login("127.0.0.1", MAIL.getImap().getPort(), MailServer.Security.NONE, "service", "nope");
    MailAdapter adapter = new MailAdapter(config().toBuilder().imap(wrong).build());
    ImapPoller.Round round = new ImapPoller(adapter, node(adapter).webhooks()).pollOnce();
    assertThat(round.handed()).isZero();
    assertThat(round.stoppedBy()).hasValueSatisfying(r -> assertThat(r).startsWith("IMAP"));
  }

  @Test
  void anSmtpServerThatCannotBeReachedIsATemporaryFailure() {
    MailAdapter adapter = new MailAdapter(config().toBuilder()
        .smtp(new MailServer("127.0.0.1", 1, MailServer.Security.NONE, Optional.empty(), "")).build());
    assertThatThrownBy(() -> adapter.send(OutboundMessage.text(Identity.email(ANNA), "hi", "k")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TEMPORARY));
    assertThatThrownBy(() -> adapter.send(OutboundMessage.text(Identity.phone("+4915112345678"), "hi", "k")))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
  }

  @Test
  void aRequestFromAnyoneButThePollerIsRefused() throws Exception {
    MailAdapter adapter = new MailAdapter(config());
    OmniTenant shop = node(adapter);
    byte[] forged = io.github.omnictx.channels.Fixtures.bytes("email/reply-with-quote.eml");
    int status = shop.webhooks().handle("mail", io.github.omnictx.core.webhook.WebhookRequest.builder("POST",
        "https://shop.example/webhooks/mail").header("Content-Type", "message/rfc822").body(forged).build()).status();
    assertThat(status).isEqualTo(401);
    assertThat(shop.customers().findByIdentity(Identity.email(ANNA))).isEmpty();
  }

  private static boolean hasRecipient(MimeMessage m, String address) {
    try {
      return Arrays.stream(m.getAllRecipients()).anyMatch(a -> ((InternetAddress) a).getAddress().equals(address));
    } catch (jakarta.mail.MessagingException e) {
      return false;
    }
  }

  private static String header(MimeMessage m, String name) {
    try {
      return m.getHeader(name, null);
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }
}
