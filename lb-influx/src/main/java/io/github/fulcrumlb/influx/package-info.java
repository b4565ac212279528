/** A MetricsSource over InfluxDB in Telegraf's schema and a writer of the balancer's decisions. Arrives with its own issue. */
package io.github.fulcrumlb.influx;
