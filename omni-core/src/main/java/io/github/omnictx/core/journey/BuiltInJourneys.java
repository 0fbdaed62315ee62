package io.github.omnictx.core.journey;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * The journeys retailers run every day, each a few lines on the {@link Journey} API: take them as
 * they are or as examples. The payload fields they read are documented on each. Thread-safe
 * (stateless).
 */
public final class BuiltInJourneys {
  private BuiltInJourneys() {}

  /**
   * Abandoned cart: 20 minutes after a {@code cart_abandoned} touchpoint, a marketing e-mail and a
   * push reminder, unless a {@code purchase} of the same cart (payload field {@code cart}) happened
   * since. One run per cart; the cart's items (payload {@code items}, a text) go into the text.
   *
   * @return the journey, {@code abandoned_cart} v1
   */
  public static Journey abandonedCart() {
    return abandonedCart(Duration.ofMinutes(20));
  }

  /**
   * @param delay how long after the cart was abandoned, positive
   * @return the abandoned-cart journey with another delay
   */
  public static Journey abandonedCart(Duration delay) {
    return Journey.builder("abandoned_cart", 1)
        .trigger(Trigger.on(TouchpointType.CART_ABANDONED).correlateByPayload("cart"))
        .exitWhen(TouchpointType.PURCHASE, (run, purchase) -> sameField(run, purchase, "cart"))
        .waitFor(delay)
        .send(Purpose.MARKETING, List.of(Channels.EMAIL.id()), run -> "You left " + items(run)
            + " in your cart. It is still waiting for you.")
        .send(Purpose.MARKETING, List.of(Channels.PUSH.id()), run -> "Still thinking about " + items(run) + "?")
        .build();
  }

  private static String items(RunContext run) {
    return run.triggerText("items").orElse("something");
  }

  private static boolean sameField(RunContext run, Touchpoint t, String field) {
    Optional<String> mine = run.triggerText(field);
    return mine.isPresent() && mine.equals(t.payloadText(field));
  }

  /**
   * Birthday greeting: a marketing message at 09:00 on the customer's {@code birthday} attribute
   * ({@code 1990-02-28} or {@code --02-28}), in the customer's time zone. <b>29 February</b>: in a
   * year without it, the greeting goes on 28 February. Once a year (the key is the year).
   *
   * @return the journey, {@code birthday} v1
   */
  public static Journey birthday() {
    return Journey.builder("birthday", 1)
        .trigger(Trigger.onDate("birthday", LocalTime.of(9, 0)))
        .reentry(Reentry.never())
        .send(Purpose.MARKETING, List.of(), run -> "Happy birthday" + run.customer().attribute("name")
            .map(n -> ", " + n).orElse("") + "! A little present is waiting for you in our shop.")
        .build();
  }

  /**
   * E-mail not opened, then SMS: on a touchpoint of the trigger type, a transactional e-mail; if the
   * e-mail's read receipt (its touchpoint's status {@code READ}) has not come within {@code
   * within}, an SMS with the same news.
   *
   * @param trigger the touchpoint type that starts it (an {@code order_status}, say); one run per touchpoint
   * @param within how long the customer has to open the e-mail, positive
   * @param email the e-mail text
   * @param sms the SMS text
   * @return the journey, {@code email_not_opened} v1
   */
  public static Journey emailNotOpened(TouchpointType trigger, Duration within, String email, String sms) {
    Checks.notBlank(email, "email");
    Checks.notBlank(sms, "sms");
    return Journey.builder("email_not_opened", 1)
        .trigger(Trigger.on(trigger).correlateBy(t -> Optional.of(t.id().toString())))
        .send(Purpose.TRANSACTIONAL, List.of(Channels.EMAIL.id()), run -> email)
        .waitFor(within)
        .branchTo(run -> run.lastSendStatus().filter(s -> s.rank() >= DeliveryStatus.READ.rank()).isPresent(), "opened")
        .send(Purpose.TRANSACTIONAL, List.of(Channels.SMS.id()), run -> sms)
        .end("the e-mail was not opened: sent the SMS")
        .label("opened")
        .end("the e-mail was opened")
        .build();
  }

  /** The queue a store's tasks go to: {@code store-<store>} from the visit's {@code store} payload field. */
  static Participant storeQueue(RunContext run) {
    return Participant.queue("store-" + run.triggerText("store").orElse("unknown"));
  }

  /**
   * NPS after a store visit: two hours after a {@code store_visit} (payload {@code store}, the
   * store's id), the survey question "how likely are you to recommend us, 0-10?"; the answer is a
   * {@code survey_answer} touchpoint the application records with payload {@code survey: "nps"} and
   * {@code score} (0-10), awaited for three days. A score of 0-6 (a detractor) gets a follow-up
   * question and a task for the store's management: a conversation on the store channel in the
   * queue {@code store-<store>}, with a note naming the score. One run per visit touchpoint.
   *
   * @param channels where the survey may go (e-mail, SMS…; empty for any that fits)
   * @return the journey, {@code nps_after_visit} v1
   */
  public static Journey npsAfterVisit(List<ChannelId> channels) {
    return Journey.builder("nps_after_visit", 1)
        .trigger(Trigger.on(TouchpointType.STORE_VISIT).correlateBy(t -> Optional.of(t.id().toString())))
        .waitFor(Duration.ofHours(2))
        .send(Purpose.TRANSACTIONAL, channels, run -> "Thank you for visiting us! How likely are you to recommend"
            + " our store to a friend? Reply with a number from 0 to 10.")
        .waitForEvent(TouchpointType.SURVEY_ANSWER, (run, answer) -> answer.payloadText("survey").filter("nps"::equals)
            .isPresent(), Duration.ofDays(3))
        .branchTo(run -> score(run).isEmpty(), "done")
        .branchTo(run -> score(run).orElse(0) >= 7, "done")
        .send(Purpose.TRANSACTIONAL, channels, run -> "We are sorry we let you down. What should we do better?")
        .openConversation(Channels.STORE.id(), BuiltInJourneys::storeQueue, 5,
            run -> "Detractor: NPS score " + score(run).orElse(-1) + " after a visit to store "
                + run.triggerText("store").orElse("?") + ". Please get in touch.")
        .label("done")
        .end("survey done")
        .build();
  }

  /**
   * @param run a run that awaited a survey answer
   * @return the answer's {@code score}, if it came and is a number
   */
  public static Optional<Integer> score(RunContext run) {
    return run.event().map(e -> e.payload().path("score")).filter(n -> n.canConvertToInt()).map(n -> n.asInt());
  }

  /**
   * Negative signal, proactive contact: a CSAT answer of 1-2 out of 5 ({@code survey_answer} with
   * {@code survey: "csat"} and {@code score}), or an inbound message the classifier marks negative,
   * opens an outbound call-back conversation on the voice channel in the {@code callbacks} queue
   * (priority 8 of 9), routed to an agent by the router, with a note of what happened; optionally an
   * apology in loyalty points. At most one run per customer a week.
   *
   * @param classifier what marks a message negative ({@link SignalClassifier#ruleBased()})
   * @param apologyPoints points to award as an apology, 0 for none
   * @return the journey, {@code negative_signal} v1
   */
  public static Journey negativeSignal(SignalClassifier classifier, long apologyPoints) {
    Checks.notNull(classifier, "classifier");
    if (apologyPoints < 0) {
      throw new IllegalArgumentException("apologyPoints must be >= 0, was: " + apologyPoints);
    }
    Journey.Builder b = Journey.builder("negative_signal", 1)
        .trigger(Trigger.on(TouchpointType.SURVEY_ANSWER).where(t -> t.payloadText("survey").filter("csat"::equals)
            .isPresent() && t.payload().path("score").canConvertToInt() && t.payload().path("score").asInt() <= 2))
        .trigger(Trigger.on(TouchpointType.MESSAGE).direction(Direction.INBOUND).where(classifier::negative))
        .reentry(Reentry.afterCoolDown(Duration.ofDays(7)))
        .openConversation(Channels.VOICE.id(), run -> Participant.queue("callbacks"), 8, BuiltInJourneys::signal);
    if (apologyPoints > 0) {
      b.awardPoints(apologyPoints, "apology");
    }
    return b.build();
  }

  private static String signal(RunContext run) {
    Optional<Touchpoint> t = run.trigger();
    if (t.isPresent() && t.get().type().equals(TouchpointType.SURVEY_ANSWER)) {
      return "Call back: CSAT " + t.get().payload().path("score").asText() + " of 5";
    }
    return "Call back: negative message: " + t.flatMap(x -> x.payloadText("text")).orElse("");
  }
}
