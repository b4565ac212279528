/**
 * Tools of the UDP benchmark ({@code benchmarks/udp-vs-nginx.sh}): {@link
 * io.github.fulcrumlb.examples.udpbench.EchoServers} and a bounded closed-loop {@link
 * io.github.fulcrumlb.examples.udpbench.UdpLoadGenerator}.
 */
package io.github.fulcrumlb.examples.udpbench;
