package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.netty.server.UdpBalancer;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a discovered membership to a running {@link UdpBalancer}: new or changed backends are
 * added first, then members that are gone are removed, so that a replacement never leaves the
 * balancer empty in between. Sessions to backends that stay are untouched. A backend whose host
 * cannot be resolved is skipped with a message; the others still apply.
 *
 * <p>Memberships given before {@link #attach} are remembered and applied then.
 */
final class UdpMembership {
  private final PrintWriter err;
  private UdpBalancer lb;
  private List<Backend> pending;

  UdpMembership(PrintWriter err) {
    this.err = err;
  }

  /** From now on, memberships go to this balancer; applies {@code latest} at once. */
  synchronized void attach(UdpBalancer balancer, List<Backend> latest) {
    this.lb = balancer;
    apply(pending != null ? pending : latest);
    pending = null;
  }

  /** Makes the balancer's members exactly these (or remembers them until {@link #attach}). */
  synchronized void apply(List<Backend> wanted) {
    if (lb == null) {
      pending = wanted;
      return;
    }
    Map<String, Backend> now = new HashMap<>();
    for (Backend b : lb.backends()) {
      now.put(b.id(), b);
    }
    Set<String> keep = new HashSet<>();
    for (Backend b : wanted) {
      keep.add(b.id());
      if (!b.equals(now.get(b.id()))) {
        try {
          lb.addBackend(b);
        } catch (IllegalArgumentException | IllegalStateException e) {
          err.println("fulcrum udp: backend " + b.id() + " skipped: " + e.getMessage());
          err.flush();
        }
      }
    }
    for (String id : now.keySet()) {
      if (!keep.contains(id)) {
        lb.removeBackend(id);
      }
    }
  }
}
