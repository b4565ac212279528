package io.github.fulcrumlb.core;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the control plane's work in the background: a periodic {@link ControlPlane#refresh()} and,
 * when the data plane or the metrics source asks, one coalesced {@link
 * ControlPlane#applyRequested}. In manual mode it runs nothing and requests are left for the next
 * {@link LoadBalancer#refresh()}.
 */
final class ControlLoop {
  private static final System.Logger LOG = System.getLogger(LoadBalancer.class.getName());
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final ControlPlane control;
  private final ScheduledExecutorService scheduler; // null in manual mode
  private final boolean ownsScheduler;
  private final AtomicBoolean requestPending = new AtomicBoolean();
  private final AtomicBoolean metricsChanged = new AtomicBoolean();
  private final Runnable requestedWork = this::runRequested;
  private final ScheduledFuture<?> periodic;

  private ControlLoop(
      ControlPlane control,
      ScheduledExecutorService scheduler,
      boolean ownsScheduler,
      Duration interval) {
    this.control = control;
    this.scheduler = scheduler;
    this.ownsScheduler = ownsScheduler;
    this.periodic =
        scheduler == null
            ? null
            : scheduler.scheduleWithFixedDelay(
                this::runPeriodic, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Nothing in the background: the owner calls {@link ControlPlane#refresh()} itself. */
  static ControlLoop manual(ControlPlane control) {
    return new ControlLoop(control, null, false, null);
  }

  /** Background work on {@code scheduler}, or on an own daemon thread if it is null. */
  static ControlLoop scheduled(
      ControlPlane control, ScheduledExecutorService scheduler, Duration interval) {
    return scheduler == null
        ? new ControlLoop(control, newControlThread(), true, interval)
        : new ControlLoop(control, scheduler, false, interval);
  }

  boolean isManual() {
    return scheduler == null;
  }

  /** Asks for an outlier evaluation soon; cheap, never blocks. Data plane. */
  void requestOutlierCheck() {
    if (scheduler != null && requestPending.compareAndSet(false, true)) {
      try {
        scheduler.execute(requestedWork);
      } catch (RejectedExecutionException e) {
        // The scheduler is shutting down: so is the balancer. Leave the flag set.
        LOG.log(Level.DEBUG, "Control work rejected by the scheduler", e);
      }
    }
  }

  /** Metrics listener: asks for a rebuild with the new metrics soon. */
  void onMetricsChanged() {
    metricsChanged.set(true);
    requestOutlierCheck();
  }

  void close() {
    if (periodic != null) {
      periodic.cancel(false);
    }
    if (ownsScheduler) {
      scheduler.shutdown();
    }
  }

  private void runRequested() {
    requestPending.set(false); // requests from here on schedule another run
    try {
      control.applyRequested(metricsChanged.getAndSet(false));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "LoadBalancer control work failed", e);
    }
  }

  private void runPeriodic() {
    try {
      control.refresh();
    } catch (RuntimeException e) {
      // Swallowed so that the periodic task keeps running.
      LOG.log(Level.WARNING, "LoadBalancer periodic refresh failed", e);
    }
  }

  private static ScheduledExecutorService newControlThread() {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread t = new Thread(task, "fulcrum-control-" + THREAD_NUMBER.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
