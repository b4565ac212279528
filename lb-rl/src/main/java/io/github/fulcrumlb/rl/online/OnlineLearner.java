package io.github.fulcrumlb.rl.online;

import io.github.fulcrumlb.api.Endpoint;
import io.github.fulcrumlb.api.RandomSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Online adaptation of the learned costs from live outcomes: a per-backend correction of the frozen
 * model's log cost, fitted to the cost per queued request that the balancer observes, and a guard
 * that reverts to the frozen costs when the adapted ones do worse. Control plane only: one instance
 * serves one strategy and is called from its update thread ({@link #save} may come from another:
 * the two are serialised); the data plane only feeds the {@link OutcomeRecorder} it hands out.
 *
 * <p><b>What it fits.</b> For each backend with at least {@value #MIN_SAMPLES} ended requests since
 * its last step (collected over up to {@value #MAX_PENDING_SECONDS} s of update intervals, so that
 * a backend with little traffic is learnt too), the observed log cost {@code o = mean(ln(latency /
 * (inFlight + 1)))}; the model's relative log cost {@code m} (log cost minus the cluster's median).
 * The residual {@code e = o - m - median over backends of (o - m)} is how much dearer the backend
 * is than the model says, relative to the typical backend, so that a model whose costs are in other
 * units than milliseconds is not "corrected" as a whole. Each backend's smoothed residual {@code r}
 * moves toward {@code e} at the option {@code learning-rate} (per second, weighted by how many
 * samples the interval had, each step at most {@value #MAX_STEP}); a backend without samples
 * forgets its residual at a quarter of that rate, so one the policy stopped sending to is tried
 * again. The correction is {@code r} shrunk by {@value #DEADBAND} toward 0 (soft threshold: small,
 * noisy residuals change nothing and the frozen policy stays as trained) and bounded by ±{@value
 * #MAX_CORRECTION}.
 *
 * <p><b>The guard.</b> A cost that predicts each request's latency better is not always a better
 * policy: sending less to a slow backend queues more on the fast ones, which the request that
 * avoided the slow one never sees. So the guard compares whole intervals, not requests: while any
 * correction is on, each update interval is, with probability 1/{@value #CONTROL_EVERY}, a
 * <em>control interval</em> in which the frozen costs are published, and the mean latency of the
 * requests that end in control intervals is compared with that of the others (time-decayed with a
 * {@value #GUARD_HALF_LIFE_SECONDS} s half-life). The corrections must win: as soon as the adapted
 * intervals' mean is above the control intervals', with at least {@value #GUARD_MIN_SAMPLES}
 * requests on each side, the learner reverts: every correction back to 0 and a pause (30 s,
 * doubling with each revert in a row, at most 16 minutes) on the frozen costs before it learns
 * again. There is no tolerance for a small loss (an earlier guard allowed 2% plus two standard
 * errors, and a consistent 1-2% loss on a cluster whose model is right went unnoticed under it); a
 * revert that noise caused costs only a pause on the frozen costs.
 *
 * <pre>{@code
 * OnlineLearner learner =
 *     new OnlineLearner(0.2, model.fingerprint(), model.toString(), null, RandomSource.threadLocal());
 * OnlineLearner.Step s = learner.step(endpoints, relativeLogCosts, clock.nanoTime());
 * // costs: exp(relativeLogCosts[i] + s.correction(i)); outcomes go to s.recorder()
 * }</pre>
 */
public final class OnlineLearner {

  /** Default of the option {@code learning-rate}: per second. */
  public static final double DEFAULT_LEARNING_RATE = 0.2;

  /** Fewest ended requests of a backend in one interval for the interval to teach its cost. */
  public static final int MIN_SAMPLES = 5;

  /** Longest a backend's samples wait for {@link #MIN_SAMPLES} before they are dropped, seconds. */
  static final double MAX_PENDING_SECONDS = 10;

  /** Ended requests in an interval for a full step (fewer: a proportionally smaller one). */
  static final double FULL_STEP_SAMPLES = 20;

  /** Largest change of a residual in one step, natural log. */
  public static final double MAX_STEP = 0.5;

  /** Residuals within ±this (natural log, a factor 1.28) change nothing. */
  public static final double DEADBAND = 0.25;

  /** Largest correction, natural log (a factor e^2 ≈ 7.4 either way). */
  public static final double MAX_CORRECTION = 2.0;

  /** While a correction is on, one update interval in this many (at random) is a control one. */
  public static final int CONTROL_EVERY = 8;

  /** Half-life of the guard's samples, seconds. */
  public static final double GUARD_HALF_LIFE_SECONDS = 60;

  /** Fewest requests (time-decayed) on each side before the guard judges. */
  public static final double GUARD_MIN_SAMPLES = 100;

  /** Relative difference of the guard's two means below which they are a tie (rounding). */
  private static final double TIE = 1e-9;

  /** First pause after a revert, seconds; each revert in a row doubles it. */
  static final double FIRST_PAUSE_SECONDS = 30;

  static final double LONGEST_PAUSE_SECONDS = 960;

  /** Residuals of backends absent from the cluster kept beyond twice its size. */
  static final int MAX_ABSENT_BACKENDS = 64;

  /** Least time between two log lines about what is corrected, seconds. */
  static final double LOG_EVERY_SECONDS = 60;

  /** Least time between two saves of the state file, seconds. */
  static final double SAVE_EVERY_SECONDS = 10;

  private static final double LN2 = Math.log(2);
  private static final double LOG_UNIT = LN2 / OutcomeRecorder.LOG_ONE; // fixed log2 -> ln
  private static final System.Logger LOG = System.getLogger(OnlineLearner.class.getName());

  private final double learningRate;
  private final String modelFingerprint;
  private final String modelDescription;
  private final Path stateFile;

  private final Map<String, Double> residuals = new HashMap<>();
  private OutcomeRecorder recorder;
  private long[][] previous;
  // Per backend, samples not yet used: a backend with fewer than MIN_SAMPLES in an interval keeps
  // them for the next (up to MAX_PENDING_SECONDS), so one that gets little traffic is still learnt.
  private long[] pendingCount;
  private double[] pendingLogCost; // sum of ln(latency / (inFlight + 1))
  private double[] pendingSeconds;
  private long lastNanos = Long.MIN_VALUE;
  private final RandomSource random;
  private boolean guarding; // a correction was on for the interval that just ended
  private long steps;
  private long reverts;
  private int revertsInARow;
  private long pausedUntilNanos = Long.MIN_VALUE;
  private boolean paused;
  private String lastRevert = "";
  private String stateNote = "";
  private boolean savingOff; // a rejected state file could not be set aside: never overwrite it
  private long lastSaveNanos = Long.MIN_VALUE;
  private long stepsAtSave = -1;
  private int correctedAtLastLog;
  private long lastLogNanos = Long.MIN_VALUE;

  // The guard's samples: count, sum and sum of squares of latency (ms), time-decayed.
  private final Moments control = new Moments();
  private final Moments adapted = new Moments();
  private double guardMargin = Double.NaN;
  // Reward: minus the mean latency (ms), two moving averages.
  private double rewardFast, rewardSlow;
  private boolean rewarded;

  private volatile OnlineStats stats;

  /**
   * @param learningRate how fast residuals follow what is observed, per second, {@code > 0}
   * @param modelFingerprint {@code CostModel#fingerprint()} of the model whose costs are corrected
   * @param modelDescription the model, for the state file's reader
   * @param stateFile where to save the corrections and resume from, or {@code null}; a file that
   *     exists but is corrupt or for another model is logged and renamed aside (the learner starts
   *     from the shipped model's costs)
   * @param random draws the control intervals
   */
  public OnlineLearner(
      double learningRate,
      String modelFingerprint,
      String modelDescription,
      Path stateFile,
      RandomSource random) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be > 0 but was " + learningRate);
    }
    this.learningRate = learningRate;
    this.modelFingerprint = modelFingerprint;
    this.modelDescription = modelDescription;
    this.stateFile = stateFile;
    this.random = random;
    if (stateFile != null) {
      resume(stateFile);
    }
    this.stats = snapshot(0, 1);
  }

  private void resume(Path file) {
    try {
      OnlineState s = OnlineState.read(file);
      if (!s.modelFingerprint().equals(modelFingerprint)) {
        setAside(
            file,
            "it adapts model "
                + s.modelFingerprint()
                + ", not this one ("
                + modelFingerprint
                + ")");
        return;
      }
      for (Map.Entry<String, Double> e : s.residuals().entrySet()) {
        residuals.put(e.getKey(), clamp(e.getValue(), MAX_CORRECTION + DEADBAND));
      }
      steps = s.steps();
      reverts = s.reverts();
      stepsAtSave = steps;
      stateNote = "resumed from " + file;
      LOG.log(
          System.Logger.Level.INFO,
          "rl online: resumed "
              + residuals.size()
              + " backend corrections and "
              + steps
              + " steps from "
              + file);
    } catch (java.nio.file.NoSuchFileException e) {
      stateNote = "new " + file;
    } catch (IOException | RuntimeException e) {
      setAside(file, String.valueOf(e.getMessage()));
    }
  }

  /**
   * A state file that cannot be resumed from is not overwritten by the next save: it is renamed
   * beside itself ({@code FILE.rejected-<epoch millis>}); if even that fails, nothing is saved over
   * it. Either way the learner starts from the frozen costs, and the log and {@link
   * OnlineStats#stateFile()} say so.
   */
  private void setAside(Path file, String why) {
    Path aside =
        file.resolveSibling(file.getFileName() + ".rejected-" + System.currentTimeMillis());
    try {
      Files.move(file, aside);
      stateNote = "ignored " + file + ": " + why + "; kept as " + aside;
    } catch (IOException | RuntimeException e) {
      savingOff = true;
      stateNote =
          "ignored "
              + file
              + ": "
              + why
              + "; could not set it aside ("
              + e
              + "), so nothing will be saved over it";
    }
    LOG.log(System.Logger.Level.WARNING, "rl online: " + stateNote + "; starting afresh");
  }

  /** What the learner is doing; safe to read from any thread. */
  public OnlineStats stats() {
    return stats;
  }

  /** The residual (natural log) of each backend id: the state a restart resumes from (a copy). */
  public synchronized Map<String, Double> residuals() {
    return Map.copyOf(residuals);
  }

  /**
   * One control-plane step: learns from the outcomes recorded since the last step, and returns the
   * corrections for the backends of this update.
   *
   * @param endpoints the backends, in the order the picker uses
   * @param relativeLogCosts the frozen model's log cost of each minus the cluster's median
   * @param nowNanos the strategy clock
   */
  public synchronized Step step(Endpoint[] endpoints, double[] relativeLogCosts, long nowNanos) {
    int n = endpoints.length;
    double dt = lastNanos == Long.MIN_VALUE ? 0 : Math.max(0, (nowNanos - lastNanos) / 1e9);
    lastNanos = nowNanos;
    if (paused && nowNanos - pausedUntilNanos >= 0) {
      paused = false;
      LOG.log(System.Logger.Level.INFO, "rl online: pause over, learning again");
    }
    if (recorder != null && recorder.covers(endpoints)) {
      learnFrom(n, dt);
    } else {
      recorder = new OutcomeRecorder(endpoints);
      previous = new long[n][OutcomeRecorder.FIELDS];
      pendingCount = new long[n];
      pendingLogCost = new double[n];
      pendingSeconds = new double[n];
    }
    if (!paused && dt > 0) {
      fit(endpoints, relativeLogCosts, dt);
      judge(nowNanos);
    }
    for (int i = 0; i < n; i++) {
      if (pendingSeconds[i] > MAX_PENDING_SECONDS) { // too old to describe the backend now
        pendingCount[i] = 0;
        pendingLogCost[i] = 0;
        pendingSeconds[i] = 0;
      }
    }
    double[] corrections = new double[n];
    boolean anyCorrection = false;
    int corrected = 0;
    double largest = 0;
    for (int i = 0; i < n; i++) {
      String id = endpoints[i].id();
      double r = residuals.getOrDefault(id, 0.0);
      double c =
          paused ? 0 : clamp(Math.signum(r) * Math.max(0, Math.abs(r) - DEADBAND), MAX_CORRECTION);
      corrections[i] = c;
      if (c != 0) {
        anyCorrection = true;
        corrected++;
        if (Math.abs(c) > Math.abs(largest)) {
          largest = c;
        }
      }
    }
    if (residuals.size() > 2 * n + MAX_ABSENT_BACKENDS) {
      // Backends that left keep their residual (an ejected one comes back) up to a bound; past it,
      // only the present cluster's are kept, so the map never outgrows the cluster for long.
      Map<String, Double> kept = new HashMap<>();
      for (Endpoint e : endpoints) {
        kept.put(e.id(), residuals.getOrDefault(e.id(), 0.0));
      }
      residuals.clear();
      residuals.putAll(kept);
    }
    guarding = anyCorrection;
    boolean controlInterval = anyCorrection && random.nextInt(CONTROL_EVERY) == 0;
    if (corrected != correctedAtLastLog
        && (lastLogNanos == Long.MIN_VALUE
            || (nowNanos - lastLogNanos) / 1e9 >= LOG_EVERY_SECONDS)) {
      lastLogNanos = nowNanos;
      LOG.log(
          System.Logger.Level.INFO,
          "rl online: correcting the costs of "
              + corrected
              + " of "
              + n
              + " backends (largest x"
              + String.format(java.util.Locale.ROOT, "%.2f", Math.exp(largest))
              + ")");
      correctedAtLastLog = corrected;
    }
    stats = snapshot(corrected, Math.exp(largest));
    maybeSave(nowNanos);
    return new Step(corrections, controlInterval, recorder);
  }

  /** Reads what the data plane recorded since the last step: per-backend costs, guard, reward. */
  private void learnFrom(int n, double dt) {
    double decay = Math.exp(-dt * LN2 / GUARD_HALF_LIFE_SECONDS);
    control.decay(decay);
    adapted.decay(decay);
    long[] now = new long[OutcomeRecorder.FIELDS];
    long ended = 0;
    double latencySum = 0; // ms
    for (int i = 0; i < n; i++) {
      recorder.read(i, now);
      long[] before = previous[i];
      pendingLogCost[i] +=
          (now[OutcomeRecorder.SUM_LOG_COST] - before[OutcomeRecorder.SUM_LOG_COST]) * LOG_UNIT;
      pendingSeconds[i] += dt;
      for (int bank = 0; bank < 2; bank++) {
        int f = OutcomeRecorder.BANK + bank * OutcomeRecorder.BANK_FIELDS;
        long k = now[f + OutcomeRecorder.BANK_COUNT] - before[f + OutcomeRecorder.BANK_COUNT];
        double ms =
            (now[f + OutcomeRecorder.BANK_SUM_MICROS] - before[f + OutcomeRecorder.BANK_SUM_MICROS])
                / 1e3;
        double squares =
            (now[f + OutcomeRecorder.BANK_SUM_SQUARED_MICROS]
                    - before[f + OutcomeRecorder.BANK_SUM_SQUARED_MICROS])
                / 1e6;
        pendingCount[i] += k;
        ended += k;
        latencySum += ms;
        if (guarding && k > 0) {
          (bank == 1 ? control : adapted).add(k, ms, squares);
        }
      }
      previous[i] = now;
      now = before; // reuse the old copy for the next backend
    }
    if (ended > 0 && dt > 0) {
      double reward = -latencySum / ended; // minus the mean latency, ms
      if (!rewarded) {
        rewardFast = reward;
        rewardSlow = reward;
        rewarded = true;
      } else {
        rewardFast += (1 - Math.exp(-dt * LN2 / 10)) * (reward - rewardFast);
        rewardSlow += (1 - Math.exp(-dt * LN2 / 120)) * (reward - rewardSlow);
      }
    }
  }

  private void fit(Endpoint[] endpoints, double[] relative, double dt) {
    int n = endpoints.length;
    double[] gaps = new double[n];
    double[] observed = new double[n];
    boolean[] ready = new boolean[n];
    int withData = 0;
    for (int i = 0; i < n; i++) {
      if (pendingCount[i] >= MIN_SAMPLES && Double.isFinite(relative[i])) {
        ready[i] = true;
        observed[i] = pendingLogCost[i] / pendingCount[i];
        gaps[withData++] = observed[i] - relative[i];
      }
    }
    if (withData < 2) {
      return; // nothing to compare a backend with
    }
    double offset = median(Arrays.copyOf(gaps, withData));
    double alpha = 1 - Math.exp(-dt * learningRate);
    for (int i = 0; i < n; i++) {
      String id = endpoints[i].id();
      double r = residuals.getOrDefault(id, 0.0);
      if (ready[i]) {
        double target = clamp(observed[i] - relative[i] - offset, MAX_CORRECTION + DEADBAND);
        double over = 1 - Math.exp(-Math.max(dt, pendingSeconds[i]) * learningRate);
        double weight = over * Math.min(1, pendingCount[i] / FULL_STEP_SAMPLES);
        r += clamp(weight * (target - r), MAX_STEP);
        pendingCount[i] = 0; // used: the next observation starts afresh
        pendingLogCost[i] = 0;
        pendingSeconds[i] = 0;
      } else {
        r -= 0.25 * alpha * r;
      }
      residuals.put(id, Double.isFinite(r) ? r : 0.0);
    }
    steps++;
  }

  /** Compares the adapted intervals' latency with the control intervals'; reverts when it lost. */
  private void judge(long nowNanos) {
    if (control.n < GUARD_MIN_SAMPLES || adapted.n < GUARD_MIN_SAMPLES) {
      guardMargin = Double.NaN;
      return;
    }
    double controlMean = control.mean();
    double adaptedMean = adapted.mean();
    double standardError =
        Math.sqrt(control.variance() / control.n + adapted.variance() / adapted.n);
    guardMargin = controlMean > 0 ? adaptedMean / controlMean - 1 : Double.NaN;
    if (adaptedMean > controlMean * (1 + TIE)) {
      reverts++;
      revertsInARow++;
      double pause =
          Math.min(LONGEST_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * Math.pow(2, revertsInARow - 1));
      lastRevert =
          String.format(
              java.util.Locale.ROOT,
              "mean latency %.3f ms with the corrections, %.3f ms in control intervals on the"
                  + " frozen costs (%.0f and %.0f requests, standard error %.3f ms); paused %.0f s",
              adaptedMean,
              controlMean,
              adapted.n,
              control.n,
              standardError,
              pause);
      LOG.log(
          System.Logger.Level.WARNING, "rl online: reverted to the frozen costs: " + lastRevert);
      residuals.replaceAll((k, v) -> 0.0);
      paused = true;
      pausedUntilNanos = nowNanos + (long) (pause * 1e9);
      control.clear();
      adapted.clear();
      guardMargin = Double.NaN;
    } else if (adaptedMean < controlMean) {
      revertsInARow = 0; // the adapted costs are doing at least as well: forgive older reverts
    }
  }

  private void maybeSave(long nowNanos) {
    if (stateFile == null || steps == stepsAtSave) {
      return;
    }
    if (lastSaveNanos != Long.MIN_VALUE && (nowNanos - lastSaveNanos) / 1e9 < SAVE_EVERY_SECONDS) {
      return;
    }
    save();
    lastSaveNanos = nowNanos;
  }

  /**
   * Writes the state file now (a no-op without one). Failures are logged, never thrown: a full disk
   * must not stop the balancer.
   *
   * @return whether the state was written
   */
  public synchronized boolean save() {
    if (stateFile == null || savingOff) {
      return false;
    }
    try {
      new OnlineState(modelFingerprint, modelDescription, steps, reverts, residuals)
          .write(stateFile);
      stepsAtSave = steps;
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "rl online: cannot save the state to " + stateFile + ": " + e.getMessage());
      return false;
    }
  }

  private OnlineStats snapshot(int corrected, double largestFactor) {
    String file = stateFile == null ? "" : stateNote;
    return new OnlineStats(
        paused ? OnlineStats.State.PAUSED : OnlineStats.State.LEARNING,
        steps,
        reverts,
        corrected,
        largestFactor,
        rewardFast,
        rewardFast - rewardSlow,
        control.n,
        guardMargin,
        lastRevert,
        file);
  }

  private static double clamp(double v, double bound) {
    return Math.max(-bound, Math.min(bound, v));
  }

  private static double median(double[] v) {
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }

  /** Count, sum and sum of squares of latencies (ms), time-decayed: one side of the guard. */
  private static final class Moments {
    double n;
    double sum;
    double squares;

    void decay(double factor) {
      n *= factor;
      sum *= factor;
      squares *= factor;
    }

    void add(long count, double sumMs, double squaresMs) {
      n += count;
      sum += sumMs;
      squares += squaresMs;
    }

    double mean() {
      return sum / n;
    }

    double variance() {
      double mean = mean();
      return Math.max(0, squares / n - mean * mean);
    }

    void clear() {
      n = sum = squares = 0;
    }
  }

  /** The corrections of one update, and where the data plane records outcomes. */
  public static final class Step {
    private final double[] corrections;
    private final boolean control;
    private final OutcomeRecorder recorder;

    Step(double[] corrections, boolean control, OutcomeRecorder recorder) {
      this.corrections = corrections;
      this.control = control;
      this.recorder = recorder;
    }

    /** The correction of backend {@code i} (picker order): natural log, added to its log cost. */
    public double correction(int i) {
      return corrections[i];
    }

    /**
     * Whether the next interval is a control one: the strategy publishes the frozen costs, and
     * records the outcomes that end meanwhile as the control's.
     */
    public boolean control() {
      return control;
    }

    /** Where the strategy's {@code onOutcome} records outcomes. */
    public OutcomeRecorder recorder() {
      return recorder;
    }
  }
}
