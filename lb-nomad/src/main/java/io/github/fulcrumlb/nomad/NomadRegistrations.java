package io.github.fulcrumlb.nomad;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fulcrumlb.api.Backend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the body of Nomad's {@code GET /v1/service/:service_name} (a JSON array of service
 * registrations) into backends.
 *
 * <p>Each registration with an address and a port becomes a {@link Backend} whose id is {@code
 * address:port} (as {@code fulcrum udp --backend} names backends; {@code [v6]:port} for IPv6),
 * weight 1, and metadata {@code nomad.id}, {@code nomad.alloc_id}, {@code nomad.node_id}, {@code
 * nomad.job_id}, {@code nomad.datacenter}, {@code nomad.namespace}, {@code nomad.tags}
 * (comma-separated) where Nomad gave them. Registrations without an address or port are skipped;
 * two registrations of one address:port count once. The list is sorted by id.
 *
 * <pre>{@code
 * List<Backend> backends = NomadRegistrations.parse(body);
 * }</pre>
 */
public final class NomadRegistrations {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NomadRegistrations() {}

  /**
   * The backends in a response body.
   *
   * @throws IllegalArgumentException if the body is not a JSON array of objects
   */
  public static List<Backend> parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Nomad answered with malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(
          "Nomad answered with JSON that is not an array of" + " service registrations");
    }
    Map<String, Backend> byId = new LinkedHashMap<>();
    for (JsonNode r : root) {
      if (!r.isObject()) {
        throw new IllegalArgumentException(
            "Nomad answered with a service registration that is" + " not a JSON object");
      }
      String address = r.path("Address").asText("");
      int port = r.path("Port").asInt(0);
      if (address.isBlank() || port <= 0 || port > 65_535) {
        continue;
      }
      String id = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
      byId.putIfAbsent(id, new Backend(id, address, port, 1, metadata(r)));
    }
    List<Backend> list = new ArrayList<>(byId.values());
    list.sort(Comparator.comparing(Backend::id));
    return List.copyOf(list);
  }

  private static Map<String, String> metadata(JsonNode r) {
    Map<String, String> m = new TreeMap<>();
    put(m, "nomad.id", r.path("ID"));
    put(m, "nomad.alloc_id", r.path("AllocID"));
    put(m, "nomad.node_id", r.path("NodeID"));
    put(m, "nomad.job_id", r.path("JobID"));
    put(m, "nomad.datacenter", r.path("Datacenter"));
    put(m, "nomad.namespace", r.path("Namespace"));
    JsonNode tags = r.path("Tags");
    if (tags.isArray() && !tags.isEmpty()) {
      List<String> t = new ArrayList<>();
      tags.forEach(tag -> t.add(tag.asText()));
      m.put("nomad.tags", String.join(",", t));
    }
    return m;
  }

  private static void put(Map<String, String> m, String key, JsonNode value) {
    if (value.isTextual() && !value.asText().isEmpty()) {
      m.put(key, value.asText());
    }
  }
}
