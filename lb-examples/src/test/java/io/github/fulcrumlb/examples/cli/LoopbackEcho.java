package io.github.fulcrumlb.examples.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A UDP echo server on 127.0.0.1 for tests, on its own daemon thread: answers each datagram with
 * its name, a colon and the payload, so that a client can tell which backend answered.
 */
public final class LoopbackEcho implements AutoCloseable {
  private final String name;
  private final DatagramSocket socket;
  private final Thread thread;

  private LoopbackEcho(String name, DatagramSocket socket) {
    this.name = name;
    this.socket = socket;
    this.thread = new Thread(this::run, "echo-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts one on an ephemeral loopback port. */
  public static LoopbackEcho start(String name) throws IOException {
    return new LoopbackEcho(name, new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)));
  }

  /** "127.0.0.1:port". */
  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private void run() {
    byte[] buf = new byte[2048];
    byte[] prefix = (name + ":").getBytes(StandardCharsets.US_ASCII);
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        byte[] reply = new byte[prefix.length + p.getLength()];
        System.arraycopy(prefix, 0, reply, 0, prefix.length);
        System.arraycopy(p.getData(), 0, reply, prefix.length, p.getLength());
        socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Sends {@code text} from {@code client} to {@code to} and returns the name of who answered. */
  public static String ask(DatagramSocket client, InetSocketAddress to, String text)
      throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.US_ASCII);
    client.send(new DatagramPacket(payload, payload.length, to));
    DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
    client.receive(reply);
    String answer = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
    return answer.substring(0, answer.indexOf(':'));
  }

  @Override
  public void close() {
    socket.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
