package io.github.omnictx.core.journey;

import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.customer.CustomerId;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's journey runs: what the registered journeys are doing for each customer. Runs start
 * by themselves, in the unit of work that records their trigger; their waits are fired by the
 * outbox dispatcher ({@code omni.dispatcher()}), which must run for journeys to move on.
 * Obtained from {@code omni.tenant(id).journeys()}. Thread-safe.
 */
public interface Journeys {

  /** @return every registered definition, by name then version */
  List<Journey> definitions();

  /**
   * @param id a run id
   * @return the run, if in this tenant
   */
  Optional<JourneyRun> find(JourneyRunId id);

  /**
   * @param id a run id
   * @return the run
   * @throws NotFoundException if it is not in this tenant
   */
  JourneyRun get(JourneyRunId id);

  /**
   * @param journey a journey name
   * @param correlationKey a correlation key
   * @return the key's latest run of the journey, if it had one
   */
  Optional<JourneyRun> latest(String journey, String correlationKey);

  /**
   * The runs of a customer and everyone merged with them, newest first.
   *
   * @param customer the customer, live or merged
   * @param limit the most to return, 1-500
   * @return the runs, ended ones included
   * @throws NotFoundException if the customer does not exist
   * @throws InvalidInputException if the limit is out of range
   */
  List<JourneyRun> ofCustomer(CustomerId customer, int limit);
}
