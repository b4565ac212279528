/*
 * echo: UDP echo backends for benchmarks/udp-vs-nginx.sh, in C so that the harness does not take
 * a JVM's CPU from the balancer it measures.
 *
 *   echo -n 3 -d 300            # 3 sockets on 127.0.0.1, ephemeral ports; exits after 300 s
 *
 * Prints "ports: P1,P2,P3" once bound, then answers every datagram with its own bytes, to its
 * sender. One thread, one epoll set over all sockets; each readable socket is drained with
 * recvmmsg (up to 64 datagrams a call) and answered with one sendmmsg, so the backends cost few
 * system calls per datagram. Loopback only: it binds 127.0.0.1 and nothing else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64
#define MAX_SOCKETS 64
#define MAX_DATAGRAM 65536

static void usage(void) {
  fprintf(stderr, "usage: echo [-n sockets (1..%d)] [-d seconds (1..86400)]\n", MAX_SOCKETS);
  exit(2);
}

static void on_alarm(int sig) {
  (void)sig;
  _exit(0);
}

int main(int argc, char **argv) {
  int n = 3;
  int seconds = 300;
  int opt;
  while ((opt = getopt(argc, argv, "n:d:")) != -1) {
    switch (opt) {
      case 'n': n = atoi(optarg); break;
      case 'd': seconds = atoi(optarg); break;
      default: usage();
    }
  }
  if (n < 1 || n > MAX_SOCKETS || seconds < 1 || seconds > 86400) usage();
  signal(SIGALRM, on_alarm);
  alarm((unsigned)seconds); /* bounded in time whatever happens to the script that started it */

  int ep = epoll_create1(0);
  if (ep < 0) { perror("epoll_create1"); return 1; }
  int fds[MAX_SOCKETS];
  printf("ports: ");
  for (int i = 0; i < n; i++) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    if (fd < 0) { perror("socket"); return 1; }
    int buf = 4 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf) != 0)
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf) != 0)
      setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) { perror("bind"); return 1; }
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    printf("%s%d", i ? "," : "", ntohs(a.sin_port));
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) { perror("epoll_ctl"); return 1; }
    fds[i] = fd;
  }
  printf("\n");
  fflush(stdout);

  static char bufs[BATCH][MAX_DATAGRAM];
  static struct mmsghdr msgs[BATCH];
  static struct iovec iov[BATCH];
  static struct sockaddr_in from[BATCH];
  struct epoll_event events[MAX_SOCKETS];
  for (;;) {
    int ready = epoll_wait(ep, events, MAX_SOCKETS, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      perror("epoll_wait");
      return 1;
    }
    for (int e = 0; e < ready; e++) {
      int fd = events[e].data.fd;
      for (;;) {
        for (int i = 0; i < BATCH; i++) {
          iov[i].iov_base = bufs[i];
          iov[i].iov_len = MAX_DATAGRAM;
          memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
          msgs[i].msg_hdr.msg_iov = &iov[i];
          msgs[i].msg_hdr.msg_iovlen = 1;
          msgs[i].msg_hdr.msg_name = &from[i];
          msgs[i].msg_hdr.msg_namelen = sizeof from[i];
        }
        int got = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
        if (got <= 0) break; /* EAGAIN: drained */
        for (int i = 0; i < got; i++) iov[i].iov_len = msgs[i].msg_len; /* same bytes back */
        int sent = 0;
        while (sent < got) {
          int s = sendmmsg(fd, msgs + sent, (unsigned)(got - sent), 0);
          /* An error on one datagram (a vanished client, a full buffer) drops that one only. */
          sent += s > 0 ? s : 1;
        }
        if (got < BATCH) break;
      }
    }
  }
  (void)fds;
}
