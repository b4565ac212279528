package io.github.fulcrumlb.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fulcrumlb.core.random.SeededRandomSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmoothScheduleTest {

  /** The least possible longest run for a backend with {@code c} of {@code total} slots. */
  static int runBound(int c, int total) {
    int others = total - c;
    if (others == 0) {
      return c;
    }
    return c > others ? (c + others - 1) / others : 1;
  }

  static int longestCyclicRun(int[] schedule, int backend) {
    List<String> ids = new ArrayList<>();
    for (int b : schedule) {
      ids.add(Integer.toString(b));
    }
    return TestClusters.longestCyclicRun(ids, Integer.toString(backend));
  }

  /** Peak-to-peak deviation of backend {@code b}'s cumulative count from its exact share. */
  static double spread(int[] schedule, int b, int count) {
    double seen = 0;
    double max = 0;
    double min = 0;
    for (int t = 0; t < schedule.length; t++) {
      seen += schedule[t] == b ? 1 : 0;
      double deviation = seen - (t + 1.0) * count / schedule.length;
      max = Math.max(max, deviation);
      min = Math.min(min, deviation);
    }
    return max - min;
  }

  static void assertGuarantees(int[] counts, int[] schedule) {
    int total = Arrays.stream(counts).sum();
    assertThat(schedule).hasSize(total);
    int[] seen = new int[counts.length];
    for (int b : schedule) {
      seen[b]++;
    }
    assertThat(seen).as("slots of %s", Arrays.toString(counts)).containsExactly(counts);
    for (int b = 0; b < counts.length; b++) {
      assertThat(longestCyclicRun(schedule, b))
          .as("longest run of backend %d in %s", b, Arrays.toString(counts))
          .isLessThanOrEqualTo(runBound(counts[b], total));
    }
  }

  @Test
  void meetsTheLeastPossibleRunBoundForEveryWeightSetUpToFourBackendsOfWeightNine() {
    int checked = 0;
    for (int n = 1; n <= 4; n++) {
      int[] counts = new int[n];
      Arrays.fill(counts, 1);
      do {
        assertGuarantees(counts, SmoothSchedule.of(counts));
        checked++;
      } while (next(counts, 9));
    }
    assertThat(checked).isEqualTo(9 + 81 + 729 + 6561);
  }

  @Test
  void meetsTheRunBoundAndSpreadsEvenlyForRandomWeightSets() {
    SeededRandomSource random = new SeededRandomSource(2024);
    double worstSpread = 0;
    for (int trial = 0; trial < 2_000; trial++) {
      int n = 1 + random.nextInt(trial % 4 == 0 ? 40 : 8);
      int[] counts = new int[n];
      for (int b = 0; b < n; b++) {
        counts[b] = 1 + random.nextInt(trial % 2 == 0 ? 12 : 1_000);
      }
      if (trial % 5 == 0) {
        counts[0] *= 1 + random.nextInt(60); // one dominant backend
      }
      int[] schedule = SmoothSchedule.of(counts);
      assertGuarantees(counts, schedule);
      for (int b = 0; b < n; b++) {
        worstSpread = Math.max(worstSpread, spread(schedule, b, counts[b]));
      }
    }
    // Measured: about 2.9. An ideal evenly spaced order has a spread below 1.
    assertThat(worstSpread).isLessThan(3.0);
  }

  @Test
  void fiveOneOneNeedsRunsOfThreeNotFour() {
    int[] schedule = SmoothSchedule.of(new int[] {5, 1, 1});
    assertThat(longestCyclicRun(schedule, 0)).isEqualTo(3);
  }

  @Test
  void dominantBackendRunsDifferByAtMostOne() {
    int[] schedule = SmoothSchedule.of(new int[] {100, 1, 1, 1});
    List<Integer> runs = new ArrayList<>();
    int start = 0;
    while (schedule[start] == 0) {
      start++;
    }
    int run = 0;
    for (int t = 1; t <= schedule.length; t++) {
      if (schedule[(start + t) % schedule.length] == 0) {
        run++;
      } else {
        runs.add(run);
        run = 0;
      }
    }
    assertThat(runs).containsOnly(33, 34).hasSize(3);
  }

  @Test
  void equalCountsAlternateStrictly() {
    int[] schedule = SmoothSchedule.of(new int[] {3, 3, 3});
    for (int t = 0; t < schedule.length; t++) {
      assertThat(schedule[t]).isNotEqualTo(schedule[(t + 1) % schedule.length]);
    }
  }

  @Test
  void sameCountsGiveTheSameSchedule() {
    int[] counts = {40, 7, 13, 2, 13};
    assertThat(SmoothSchedule.of(counts)).containsExactly(SmoothSchedule.of(counts.clone()));
  }

  /** Advances {@code counts} to the next vector with entries in [1, max]; false after the last. */
  private static boolean next(int[] counts, int max) {
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < max) {
        counts[i]++;
        return true;
      }
      counts[i] = 1;
    }
    return false;
  }
}
