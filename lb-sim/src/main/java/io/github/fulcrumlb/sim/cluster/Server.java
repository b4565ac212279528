package io.github.fulcrumlb.sim.cluster;

/**
 * The true state of one simulated backend: a FIFO queue in front of {@code c} parallel slots.
 *
 * <p>The queue is kept as its <em>workload vector</em>: for each slot, the time at which it will
 * have finished everything already assigned to it. A request admitted at {@code t} goes to the slot
 * that frees first, starts at {@code max(t, free)} and keeps that slot for {@code size / rate}
 * seconds, the rate being the one in force when it is admitted. This is exact FIFO for a constant
 * rate (M/M/c and friends) and needs no event when service starts; when background load or a
 * slowdown changes the rate, requests already queued keep the rate they were admitted at (an
 * approximation that matters only for changes faster than the queue drains). It also makes {@link
 * #completionTime} exact, which the clairvoyant oracle relies on.
 *
 * <p>A {@link StallSchedule} stops the whole backend for its pauses: a request in service makes no
 * progress during a pause, so its slot stays taken for its service time plus every pause in
 * between. Since the schedule is known in advance, the workload vector stays exact.
 *
 * <p>An off-CPU slowdown ({@link #slowDownOffCpu}) makes requests hold their slot longer while
 * their CPU time stays the same (the worker waits on a downstream dependency): {@link
 * #busyNanosUpTo} counts slot time, {@link #cpuNanosUpTo} only the CPU part of it. For work not yet
 * done, the CPU part is estimated with the CPU share of the last request placed on each slot, which
 * is exact unless a slot's remaining work mixes requests admitted before and after a change of the
 * off-CPU factor (then for at most as long as that slot's queue takes to drain).
 *
 * <p>The server also keeps what host metrics and reports need: slot busy time, the time integral of
 * requests in the system, of background level, and departures. Times are simulated nanoseconds. Not
 * thread-safe.
 */
public final class Server {
  private final BackendSpec spec;
  private final long[] slotFree;
  private final double[] slotCpuShare;
  private int inSystem;
  private boolean alive = true;
  private double background;
  private double slowdown = 1;
  private double offCpuSlowdown = 1;
  private double nanosPerWork;
  private long scheduledBusyNanos;
  private long scheduledCpuNanos;
  private double inSystemArea;
  private long lastInSystemChange;
  private double backgroundArea;
  private long lastBackgroundChange;
  private long departures;
  private StallSchedule stall; // null: never stalls

  /** A server of {@code spec}, empty, at time 0. */
  public Server(BackendSpec spec) {
    this.spec = spec;
    this.slotFree = new long[spec.concurrency()];
    this.slotCpuShare = new double[spec.concurrency()];
    java.util.Arrays.fill(slotCpuShare, 1);
    updateRate();
  }

  /** The backend's description. */
  public BackendSpec spec() {
    return spec;
  }

  /**
   * Stops this backend on {@code schedule} (or never, for {@code null}). Call it before the first
   * admission: service already placed is not moved.
   */
  public void setStall(StallSchedule schedule) {
    this.stall = schedule;
  }

  /** Parallel slots. */
  public int concurrency() {
    return slotFree.length;
  }

  /** Requests admitted and not yet departed (in service or waiting). */
  public int inSystem() {
    return inSystem;
  }

  /** Requests waiting for a slot. */
  public int waiting() {
    return Math.max(0, inSystem - slotFree.length);
  }

  /** Whether the backend is up. */
  public boolean alive() {
    return alive;
  }

  /** Current background level. */
  public double background() {
    return background;
  }

  /**
   * Work units per second one slot serves now: base rate less background (unless the background has
   * idle priority), over slowdown.
   */
  public double currentRate() {
    double stolen = spec.background() instanceof BackgroundSpec.Idle ? 0 : background;
    return spec.rate() * (1 - stolen) / slowdown;
  }

  /** Whether an arrival now would find the queue full. */
  public boolean queueFull() {
    return spec.queueLimit() >= 0 && inSystem - slotFree.length >= spec.queueLimit();
  }

  /**
   * When a request of {@code size} admitted at {@code now} would depart, given everything queued;
   * exactly what {@link #admit} would return.
   */
  public long completionTime(long now, double size) {
    long free = slotFree[0];
    for (int j = 1; j < slotFree.length; j++) {
      free = Math.min(free, slotFree[j]);
    }
    return finish(Math.max(now, free), slotNanos(size));
  }

  /**
   * Slot time of a request of {@code size} admitted now: its CPU time times any off-CPU wait
   * (pauses excluded).
   */
  public long slotNanos(double size) {
    return offCpuSlowdown == 1
        ? (long) (size * nanosPerWork)
        : (long) (size * nanosPerWork * offCpuSlowdown);
  }

  /** When {@code service} of slot time that starts at {@code start} is done, pauses included. */
  private long finish(long start, long service) {
    // During a pause, wallAt of no further work is the pause's start: never before start itself.
    return stall == null
        ? start + service
        : Math.max(start, stall.wallAt(stall.availableAt(start) + service));
  }

  /** Slot time (pauses excluded) between {@code from} and a later {@code to}. */
  private long serviceBetween(long from, long to) {
    return stall == null ? to - from : stall.availableAt(to) - stall.availableAt(from);
  }

  /** Admits a request of {@code size} at {@code now}; returns its departure time. */
  public long admit(long now, double size) {
    long[] free = slotFree;
    int best = 0;
    long bestFree = free[0];
    for (int j = 1; j < free.length; j++) {
      if (free[j] < bestFree) {
        bestFree = free[j];
        best = j;
      }
    }
    long service = slotNanos(size);
    long cpu = offCpuSlowdown == 1 ? service : (long) (size * nanosPerWork);
    long end = finish(Math.max(now, bestFree), service);
    free[best] = end;
    slotCpuShare[best] = service == cpu || service == 0 ? 1 : (double) cpu / service;
    scheduledBusyNanos += service;
    scheduledCpuNanos += cpu;
    inSystemArea += (double) inSystem * (now - lastInSystemChange);
    lastInSystemChange = now;
    inSystem++;
    return end;
  }

  /** A request admitted earlier departs at {@code now}. */
  public void depart(long now) {
    inSystemArea += (double) inSystem * (now - lastInSystemChange);
    lastInSystemChange = now;
    inSystem--;
    departures++;
  }

  /** The backend dies at {@code now}: the work queued in it is lost. */
  public void kill(long now) {
    for (int j = 0; j < slotFree.length; j++) {
      if (slotFree[j] > now) {
        long lost = serviceBetween(now, slotFree[j]);
        scheduledBusyNanos -= lost;
        scheduledCpuNanos -= cpuPart(lost, j);
        slotFree[j] = now;
      }
    }
    inSystemArea += (double) inSystem * (now - lastInSystemChange);
    lastInSystemChange = now;
    inSystem = 0;
    alive = false;
  }

  /** The backend is back, empty. */
  public void revive() {
    alive = true;
  }

  /** Sets the background level from {@code now} on. */
  public void setBackground(long now, double level) {
    backgroundArea += background * (now - lastBackgroundChange);
    lastBackgroundChange = now;
    background = level;
    updateRate();
  }

  /** Multiplies the service time of requests admitted from now on by {@code factor}. */
  public void slowDown(double factor) {
    slowdown *= factor;
    updateRate();
  }

  /**
   * Multiplies the slot time of requests admitted from now on by {@code factor} without adding CPU
   * time: they wait off the CPU (on a slow downstream dependency) while holding their slot.
   */
  public void slowDownOffCpu(double factor) {
    offCpuSlowdown *= factor;
  }

  /** Ends an off-CPU slowdown of {@code factor}. */
  public void recoverOffCpu(double factor) {
    offCpuSlowdown /= factor;
    if (Math.abs(offCpuSlowdown - 1) < 1e-9) {
      offCpuSlowdown = 1;
    }
  }

  /** Ends a slowdown of {@code factor}. */
  public void recover(double factor) {
    slowdown /= factor;
    if (Math.abs(slowdown - 1) < 1e-9) {
      slowdown = 1;
    }
    updateRate();
  }

  /**
   * Slot-nanoseconds spent serving requests in [0, t], pauses excluded; {@code t} not before the
   * last admission.
   */
  public long busyNanosUpTo(long t) {
    long future = 0;
    for (long free : slotFree) {
      if (free > t) {
        future += serviceBetween(t, free);
      }
    }
    return scheduledBusyNanos - future;
  }

  /**
   * CPU-nanoseconds spent serving requests in [0, t]: {@link #busyNanosUpTo} without the time
   * requests waited off the CPU; {@code t} not before the last admission.
   */
  public long cpuNanosUpTo(long t) {
    long future = 0;
    for (int j = 0; j < slotFree.length; j++) {
      if (slotFree[j] > t) {
        future += cpuPart(serviceBetween(t, slotFree[j]), j);
      }
    }
    return scheduledCpuNanos - future;
  }

  /** The CPU part of {@code slotNanos} of slot {@code j}'s remaining work. */
  private long cpuPart(long slotNanos, int j) {
    double share = slotCpuShare[j];
    return share == 1 ? slotNanos : (long) (slotNanos * share);
  }

  /** Nanoseconds in [0, t] during which the backend was stopped by its stall schedule. */
  public long stalledNanosUpTo(long t) {
    return stall == null ? 0 : stall.stalledNanosUpTo(t);
  }

  /** Integral over [0, t] of requests in the system, in request-nanoseconds. */
  public double inSystemAreaUpTo(long t) {
    return inSystemArea + (double) inSystem * (t - lastInSystemChange);
  }

  /** Integral over [0, t] of the background level, in nanoseconds. */
  public double backgroundAreaUpTo(long t) {
    return backgroundArea + background * (t - lastBackgroundChange);
  }

  /** Requests that departed since time 0 (killed ones excluded). */
  public long departures() {
    return departures;
  }

  private void updateRate() {
    nanosPerWork = 1e9 / currentRate();
  }

  @Override
  public String toString() {
    return "Server{" + spec.id() + ", inSystem=" + inSystem + ", alive=" + alive + '}';
  }
}
