package io.github.fulcrumlb.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.fulcrumlb.api.MetricsSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsListenersTest {

  @Test
  void aThrowingListenerDoesNotKeepTheOthersFromBeingCalled() {
    MetricsListeners listeners = new MetricsListeners();
    List<String> calls = new ArrayList<>();
    listeners.subscribe(() -> calls.add("first"));
    listeners.subscribe(
        () -> {
          throw new IllegalStateException("broken listener");
        });
    listeners.subscribe(() -> calls.add("third"));

    listeners.notifyListeners();

    assertThat(calls).containsExactly("first", "third");
  }

  @Test
  void eachSubscriptionRemovesOnlyItselfAndClosingTwiceDoesNothing() {
    MetricsListeners listeners = new MetricsListeners();
    int[] calls = {0};
    Runnable listener = () -> calls[0]++;
    MetricsSource.Subscription a = listeners.subscribe(listener);
    listeners.subscribe(listener);

    listeners.notifyListeners();
    assertThat(calls[0]).isEqualTo(2);

    a.close();
    a.close();
    listeners.notifyListeners();
    assertThat(calls[0]).isEqualTo(3);
  }

  @Test
  void aNullListenerIsRejected() {
    assertThatNullPointerException()
        .isThrownBy(() -> new MetricsListeners().subscribe(null))
        .withMessageContaining("listener");
  }
}
