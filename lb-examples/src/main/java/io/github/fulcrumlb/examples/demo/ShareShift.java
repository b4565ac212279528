package io.github.fulcrumlb.examples.demo;

/**
 * How the balancer's traffic shifts when the noisy neighbour starts: each backend's share of the
 * datagrams forwarded before the neighbour started and after, and how long after the start the
 * neighbour's backend first got less than half of its share before, over a short window.
 *
 * <p>Fed with cumulative forwarded counts per backend, as often as the demo ticks. The window is
 * {@link #WINDOW_SECONDS} long and holds at least {@link #MIN_WINDOW_DATAGRAMS} datagrams (it grows
 * until it does), so a quiet instant does not count as a drop. Not thread-safe: one demo thread.
 *
 * <pre>{@code
 * ShareShift shift = new ShareShift(4, 0);
 * shift.observe(elapsed, forwarded);                 // every tick
 * shift.neighbourStarted(elapsed, forwarded);         // once, when it starts
 * double seconds = shift.secondsToHalf();             // NaN until (unless) it happens
 * }</pre>
 */
public final class ShareShift {
  /** Length of the window whose share is compared with half the share before, seconds. */
  public static final double WINDOW_SECONDS = 0.25;

  /** Fewest datagrams a window must hold before its share counts. */
  public static final long MIN_WINDOW_DATAGRAMS = 20;

  private final int neighbour;
  private final long[] atStart;
  private final long[] latest;
  private double startSeconds = Double.NaN;
  private long windowForwarded;
  private long windowTotal;
  private double windowStart;
  private double secondsToHalf = Double.NaN;

  /**
   * @param backends number of backends
   * @param neighbour index of the backend that gets the neighbour, or -1 for none
   */
  public ShareShift(int backends, int neighbour) {
    this.neighbour = neighbour;
    this.atStart = new long[backends];
    this.latest = new long[backends];
  }

  /** The cumulative forwarded counts at {@code elapsedSeconds} into the run. */
  public void observe(double elapsedSeconds, long[] forwarded) {
    System.arraycopy(forwarded, 0, latest, 0, latest.length);
    if (!started() || neighbour < 0 || !Double.isNaN(secondsToHalf)) {
      return;
    }
    long total = sum(forwarded);
    long inWindow = total - windowTotal;
    if (elapsedSeconds - windowStart < WINDOW_SECONDS || inWindow < MIN_WINDOW_DATAGRAMS) {
      return;
    }
    double share = (forwarded[neighbour] - windowForwarded) / (double) inWindow;
    if (share < before(neighbour) / 2) {
      secondsToHalf = elapsedSeconds - startSeconds;
    }
    windowStart = elapsedSeconds;
    windowForwarded = forwarded[neighbour];
    windowTotal = total;
  }

  /** The neighbour starts now, at {@code elapsedSeconds}, with these cumulative counts. */
  public void neighbourStarted(double elapsedSeconds, long[] forwarded) {
    System.arraycopy(forwarded, 0, atStart, 0, atStart.length);
    System.arraycopy(forwarded, 0, latest, 0, latest.length);
    startSeconds = elapsedSeconds;
    windowStart = elapsedSeconds;
    windowForwarded = neighbour >= 0 ? forwarded[neighbour] : 0;
    windowTotal = sum(forwarded);
  }

  /** Whether the neighbour has started. */
  public boolean started() {
    return !Double.isNaN(startSeconds);
  }

  /** When the neighbour started, seconds into the run; NaN if it has not. */
  public double startSeconds() {
    return startSeconds;
  }

  /** Index of the neighbour's backend, or -1. */
  public int neighbour() {
    return neighbour;
  }

  /**
   * Backend {@code i}'s share of what was forwarded before the neighbour started (everything so far
   * while it has not); NaN without traffic.
   */
  public double before(int i) {
    long[] counts = started() ? atStart : latest;
    long total = sum(counts);
    return total == 0 ? Double.NaN : counts[i] / (double) total;
  }

  /** Backend {@code i}'s share of what was forwarded since the neighbour started; NaN before. */
  public double after(int i) {
    if (!started()) {
      return Double.NaN;
    }
    long total = sum(latest) - sum(atStart);
    return total <= 0 ? Double.NaN : (latest[i] - atStart[i]) / (double) total;
  }

  /**
   * Seconds from the neighbour's start to the end of the first window in which its backend got less
   * than half of its share before; NaN if that has not happened (or there is no neighbour).
   */
  public double secondsToHalf() {
    return secondsToHalf;
  }

  private static long sum(long[] counts) {
    long s = 0;
    for (long c : counts) {
      s += c;
    }
    return s;
  }
}
