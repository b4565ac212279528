/** The UDP load balancer on Netty: sessions, reply relay, health. Arrives with its own issue. */
package io.github.fulcrumlb.netty;
