package io.github.fulcrumlb.core.strategy;

import io.github.fulcrumlb.api.RandomSource;
import io.github.fulcrumlb.core.random.SeededRandomSource;
import java.util.ArrayList;
import java.util.List;

/** A seeded {@link RandomSource} that remembers every {@code nextInt} result, for tests. */
final class RecordingRandomSource implements RandomSource {
  private final SeededRandomSource delegate;
  private final List<Integer> ints = new ArrayList<>();

  RecordingRandomSource(long seed) {
    this.delegate = new SeededRandomSource(seed);
  }

  @Override
  public int nextInt(int bound) {
    int value = delegate.nextInt(bound);
    ints.add(value);
    return value;
  }

  @Override
  public long nextLong() {
    return delegate.nextLong();
  }

  /** The {@code nextInt} results since the last {@link #clear()}. */
  List<Integer> ints() {
    return ints;
  }

  void clear() {
    ints.clear();
  }
}
