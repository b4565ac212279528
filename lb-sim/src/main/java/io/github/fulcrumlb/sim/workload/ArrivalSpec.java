package io.github.fulcrumlb.sim.workload;

import java.util.List;

/**
 * When requests arrive: a Poisson process whose rate may be modulated by bursts (a two-state
 * Markov-modulated Poisson process), a daily cycle, and surges (flash crowds). Immutable; a run
 * draws from it through an {@link ArrivalProcess}.
 *
 * <p>{@code rate} is the long-run mean rate without surges: for {@link Process#MMPP} the calm rate
 * is chosen so that calm and burst periods together average {@code rate}; for {@link
 * Process#DIURNAL} the sine averages out over a period.
 *
 * @param process the shape of the process
 * @param rate mean arrival rate, requests per simulated second, {@code > 0}
 * @param burstFactor MMPP: the burst rate divided by the calm rate, {@code >= 1}
 * @param meanCalmSeconds MMPP: mean length of a calm period, {@code > 0}
 * @param meanBurstSeconds MMPP: mean length of a burst, {@code > 0}
 * @param periodSeconds DIURNAL: length of one cycle, {@code > 0}
 * @param amplitude DIURNAL: relative swing of the rate around its mean, in [0, 1]
 * @param surges flash crowds: windows in which the rate is multiplied, on top of the process
 */
public record ArrivalSpec(
    Process process,
    double rate,
    double burstFactor,
    double meanCalmSeconds,
    double meanBurstSeconds,
    double periodSeconds,
    double amplitude,
    List<Surge> surges) {

  /** The shape of an arrival process. */
  @SuppressWarnings("JavaLangClash") // always qualified as ArrivalSpec.Process
  public enum Process {
    /** Homogeneous Poisson arrivals. */
    POISSON,
    /** Alternating calm and burst periods of exponential lengths. */
    MMPP,
    /** A sinusoidal daily ramp of the rate, starting at its mean and rising. */
    DIURNAL
  }

  /** Validates every field; see the parameter documentation for the accepted ranges. */
  public ArrivalSpec {
    if (process == null) {
      throw new IllegalArgumentException("process must not be null");
    }
    positive("rate", rate);
    if (!(burstFactor >= 1) || Double.isInfinite(burstFactor)) {
      throw new IllegalArgumentException("burstFactor must be >= 1 but was " + burstFactor);
    }
    positive("meanCalmSeconds", meanCalmSeconds);
    positive("meanBurstSeconds", meanBurstSeconds);
    positive("periodSeconds", periodSeconds);
    if (!(amplitude >= 0 && amplitude <= 1)) {
      throw new IllegalArgumentException("amplitude must be in [0, 1] but was " + amplitude);
    }
    surges = List.copyOf(surges);
  }

  /** Poisson arrivals at {@code rate} per second. */
  public static ArrivalSpec poisson(double rate) {
    return new ArrivalSpec(Process.POISSON, rate, 1, 1, 1, 86_400, 0, List.of());
  }

  /** This spec with another mean rate. */
  public ArrivalSpec withRate(double newRate) {
    return new ArrivalSpec(
        process,
        newRate,
        burstFactor,
        meanCalmSeconds,
        meanBurstSeconds,
        periodSeconds,
        amplitude,
        surges);
  }

  /** A short description such as {@code poisson(rate=540/s)}. */
  public String describe() {
    String text =
        switch (process) {
          case POISSON -> "poisson(rate=" + round(rate) + "/s";
          case MMPP ->
              "mmpp(rate="
                  + round(rate)
                  + "/s, burstFactor="
                  + burstFactor
                  + ", calm="
                  + meanCalmSeconds
                  + "s, burst="
                  + meanBurstSeconds
                  + "s";
          case DIURNAL ->
              "diurnal(rate="
                  + round(rate)
                  + "/s, period="
                  + periodSeconds
                  + "s, amplitude="
                  + amplitude;
        };
    return text + (surges.isEmpty() ? "" : ", surges=" + surges.size()) + ")";
  }

  private static String round(double v) {
    return v >= 100 ? String.valueOf(Math.round(v)) : String.valueOf(Math.round(v * 1000) / 1000.0);
  }

  private static void positive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be a finite number > 0 but was " + value);
    }
  }

  /**
   * A window in which the arrival rate is multiplied by {@code factor}.
   *
   * @param atSeconds start, simulated seconds from the beginning of the run, {@code >= 0}
   * @param durationSeconds length, {@code > 0}
   * @param factor rate multiplier, {@code > 0}
   */
  public record Surge(double atSeconds, double durationSeconds, double factor) {
    /** Validates every field. */
    public Surge {
      if (!(atSeconds >= 0) || Double.isInfinite(atSeconds)) {
        throw new IllegalArgumentException("at must be >= 0 but was " + atSeconds);
      }
      positive("duration", durationSeconds);
      positive("factor", factor);
    }
  }
}
