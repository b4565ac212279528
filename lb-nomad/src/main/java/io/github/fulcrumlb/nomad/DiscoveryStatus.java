package io.github.fulcrumlb.nomad;

/**
 * What a {@link NomadServiceDiscovery} knows now, for logs and health endpoints.
 *
 * @param index the blocking-query index of the last good answer (0 before the first)
 * @param backends members published to the listener now
 * @param registered instances Nomad reported in its last good answer (0 while the last set is kept
 *     through the empty-service grace period)
 * @param answered whether Nomad has answered successfully at least once
 * @param consecutiveFailures failed requests since the last good answer
 * @param lastError why the last request failed (never contains the token), or {@code null}
 */
public record DiscoveryStatus(
    long index,
    int backends,
    int registered,
    boolean answered,
    int consecutiveFailures,
    String lastError) {}
