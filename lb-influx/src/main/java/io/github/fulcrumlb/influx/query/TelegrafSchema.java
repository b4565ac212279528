package io.github.fulcrumlb.influx.query;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Optional;

/**
 * Where host metrics live in InfluxDB: measurement, field and tag names. The defaults are
 * Telegraf's ({@code inputs.cpu}, {@code inputs.mem}, {@code inputs.net}); every name can be
 * changed for a different collector or a renamed schema. Immutable.
 *
 * <ul>
 *   <li>CPU busy = 100 − {@code cpu.usage_idle} where tag {@code cpu = cpu-total}
 *   <li>memory = {@code mem.used_percent}
 *   <li>network in/out = per-second rate of the counters {@code net.bytes_recv} / {@code
 *       net.bytes_sent}, summed over every {@code interface} or taken from one named interface
 *   <li>all keyed by tag {@code host}
 * </ul>
 *
 * <pre>{@code
 * TelegrafSchema schema = TelegrafSchema.builder().networkInterface("eth0").build();
 * }</pre>
 */
public final class TelegrafSchema {
  /** Telegraf's defaults, summing network over all interfaces. */
  public static final TelegrafSchema DEFAULT = builder().build();

  private final String hostTag;
  private final String cpuMeasurement;
  private final String cpuIdleField;
  private final String cpuTag;
  private final String cpuTotalValue;
  private final String memoryMeasurement;
  private final String memoryUsedPercentField;
  private final String networkMeasurement;
  private final String networkReceivedField;
  private final String networkSentField;
  private final String networkInterfaceTag;
  private final String networkInterface;

  private TelegrafSchema(Builder b) {
    this.hostTag = b.hostTag;
    this.cpuMeasurement = b.cpuMeasurement;
    this.cpuIdleField = b.cpuIdleField;
    this.cpuTag = b.cpuTag;
    this.cpuTotalValue = b.cpuTotalValue;
    this.memoryMeasurement = b.memoryMeasurement;
    this.memoryUsedPercentField = b.memoryUsedPercentField;
    this.networkMeasurement = b.networkMeasurement;
    this.networkReceivedField = b.networkReceivedField;
    this.networkSentField = b.networkSentField;
    this.networkInterfaceTag = b.networkInterfaceTag;
    this.networkInterface = b.networkInterface;
  }

  /** A builder starting from Telegraf's names. */
  public static Builder builder() {
    return new Builder();
  }

  /** Tag naming the host (Telegraf: {@code host}). */
  public String hostTag() {
    return hostTag;
  }

  /** CPU measurement ({@code cpu}). */
  public String cpuMeasurement() {
    return cpuMeasurement;
  }

  /** CPU idle percentage field ({@code usage_idle}). */
  public String cpuIdleField() {
    return cpuIdleField;
  }

  /** Tag telling CPUs apart ({@code cpu}). */
  public String cpuTag() {
    return cpuTag;
  }

  /** Value of {@link #cpuTag()} for all CPUs together ({@code cpu-total}). */
  public String cpuTotalValue() {
    return cpuTotalValue;
  }

  /** Memory measurement ({@code mem}). */
  public String memoryMeasurement() {
    return memoryMeasurement;
  }

  /** Memory used percentage field ({@code used_percent}). */
  public String memoryUsedPercentField() {
    return memoryUsedPercentField;
  }

  /** Network measurement ({@code net}). */
  public String networkMeasurement() {
    return networkMeasurement;
  }

  /** Received bytes counter ({@code bytes_recv}). */
  public String networkReceivedField() {
    return networkReceivedField;
  }

  /** Sent bytes counter ({@code bytes_sent}). */
  public String networkSentField() {
    return networkSentField;
  }

  /** Tag naming the network interface ({@code interface}). */
  public String networkInterfaceTag() {
    return networkInterfaceTag;
  }

  /** The one interface to read, or empty to sum over all interfaces (the default). */
  public Optional<String> networkInterface() {
    return Optional.ofNullable(networkInterface);
  }

  @Override
  public String toString() {
    return "TelegrafSchema{host="
        + hostTag
        + ", cpu="
        + cpuMeasurement
        + '.'
        + cpuIdleField
        + '['
        + cpuTag
        + '='
        + cpuTotalValue
        + "], mem="
        + memoryMeasurement
        + '.'
        + memoryUsedPercentField
        + ", net="
        + networkMeasurement
        + '.'
        + networkReceivedField
        + '/'
        + networkSentField
        + '['
        + networkInterfaceTag
        + '='
        + (networkInterface == null ? "*" : networkInterface)
        + "]}";
  }

  /** Builder of {@link TelegrafSchema}; every setter takes a non-empty name. */
  public static final class Builder {
    private String hostTag = "host";
    private String cpuMeasurement = "cpu";
    private String cpuIdleField = "usage_idle";
    private String cpuTag = "cpu";
    private String cpuTotalValue = "cpu-total";
    private String memoryMeasurement = "mem";
    private String memoryUsedPercentField = "used_percent";
    private String networkMeasurement = "net";
    private String networkReceivedField = "bytes_recv";
    private String networkSentField = "bytes_sent";
    private String networkInterfaceTag = "interface";
    private String networkInterface;

    private Builder() {}

    private static String name(String what, String value) {
      InfluxQl.identifier(value); // validates: non-empty, no carriage return
      checkArgument(!value.isBlank(), "%s must not be blank", what);
      return value;
    }

    /** Tag naming the host. */
    public Builder hostTag(String value) {
      this.hostTag = name("hostTag", value);
      return this;
    }

    /** CPU measurement, idle field, the tag telling CPUs apart, and its value for the total. */
    public Builder cpu(String measurement, String idleField, String tag, String totalValue) {
      this.cpuMeasurement = name("cpu measurement", measurement);
      this.cpuIdleField = name("cpu idle field", idleField);
      this.cpuTag = name("cpu tag", tag);
      checkArgument(totalValue != null && !totalValue.isEmpty(), "cpu total value must be set");
      this.cpuTotalValue = totalValue;
      return this;
    }

    /** Memory measurement and used-percent field. */
    public Builder memory(String measurement, String usedPercentField) {
      this.memoryMeasurement = name("memory measurement", measurement);
      this.memoryUsedPercentField = name("memory used percent field", usedPercentField);
      return this;
    }

    /** Network measurement, the two byte counters and the interface tag. */
    public Builder network(
        String measurement, String receivedField, String sentField, String interfaceTag) {
      this.networkMeasurement = name("network measurement", measurement);
      this.networkReceivedField = name("network received field", receivedField);
      this.networkSentField = name("network sent field", sentField);
      this.networkInterfaceTag = name("network interface tag", interfaceTag);
      return this;
    }

    /** Reads only this interface; {@code null} sums over all interfaces (the default). */
    public Builder networkInterface(String value) {
      checkArgument(value == null || !value.isEmpty(), "network interface must not be empty");
      this.networkInterface = value;
      return this;
    }

    /** The schema. */
    public TelegrafSchema build() {
      return new TelegrafSchema(this);
    }
  }
}
