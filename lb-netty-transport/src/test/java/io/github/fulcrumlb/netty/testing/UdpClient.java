package io.github.fulcrumlb.netty.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A blocking UDP client for tests: sends a datagram and waits (bounded) for the reply. */
public final class UdpClient implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress target;
  private final byte[] receive = new byte[65_536];

  /** A client on an ephemeral loopback port talking to {@code target}. */
  public UdpClient(InetSocketAddress target, int timeoutMillis) throws IOException {
    this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    this.socket.setSoTimeout(timeoutMillis);
    this.target = target;
  }

  /** Sends and returns the reply, or {@code null} on timeout. */
  public byte[] request(byte[] payload) throws IOException {
    socket.send(new DatagramPacket(payload, payload.length, target));
    return receive();
  }

  /** Sends without waiting. */
  public void send(byte[] payload) throws IOException {
    socket.send(new DatagramPacket(payload, payload.length, target));
  }

  /** The next datagram, or {@code null} on timeout. */
  public byte[] receive() throws IOException {
    DatagramPacket p = new DatagramPacket(receive, receive.length);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  @Override
  public void close() {
    socket.close();
  }
}
