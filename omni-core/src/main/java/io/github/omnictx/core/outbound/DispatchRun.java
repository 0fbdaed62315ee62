package io.github.omnictx.core.outbound;

/**
 * What one {@link OutboundDispatcher#runOnce()} did with the rows it claimed.
 *
 * @param claimed rows claimed
 * @param sent steps the provider accepted
 * @param retried steps that failed and wait for another attempt
 * @param failed steps that failed for good (the plan moved to its next step, or ended)
 * @param finished rows ended without a provider call: a timer, a deadline passed, consent withdrawn
 *     meanwhile, a plan that had moved on
 * @param lost rows whose lease another dispatcher took over before this one recorded the outcome
 *     (nothing recorded; the other one owns the row)
 * @param errors rows whose processing failed unexpectedly (logged; they are claimed again when
 *     their lease runs out)
 * @param released rows left untouched because half of the claim's lease had run out before their
 *     turn: calling the provider that late could race the dispatcher that takes the row over when the
 *     lease ends, so they wait for it (or for this one's next claim)
 */
public record DispatchRun(int claimed, int sent, int retried, int failed, int finished, int lost, int errors,
    int released) {}
