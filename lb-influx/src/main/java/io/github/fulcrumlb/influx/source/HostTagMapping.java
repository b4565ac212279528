package io.github.fulcrumlb.influx.source;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.fulcrumlb.api.Backend;

/**
 * Which {@code host} tag value in InfluxDB holds a backend's metrics. Telegraf tags points with the
 * machine's host name; backends are usually named by id or address.
 *
 * <pre>{@code
 * HostTagMapping byId = HostTagMapping.BACKEND_ID;             // the default
 * HostTagMapping byAddress = HostTagMapping.BACKEND_HOST;      // Backend.host()
 * HostTagMapping explicit = HostTagMapping.metadata("telegraf-host"); // falls back to the id
 * HostTagMapping custom = b -> b.id().replace("node-", "nomad-client-");
 * }</pre>
 */
@FunctionalInterface
public interface HostTagMapping {
  /** The backend's id is its host tag (the default). */
  HostTagMapping BACKEND_ID = Backend::id;

  /** The backend's host (name or address) is its host tag. */
  HostTagMapping BACKEND_HOST = Backend::host;

  /** The value of a metadata entry, or the backend's id where the entry is absent. */
  static HostTagMapping metadata(String key) {
    checkArgument(key != null && !key.isBlank(), "metadata key must not be blank");
    return b -> b.metadata().getOrDefault(key, b.id());
  }

  /** The host tag of {@code backend}; non-empty. */
  String hostTag(Backend backend);
}
