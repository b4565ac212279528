/*
 * loadgen: a closed-loop UDP load generator for benchmarks/udp-vs-nginx.sh, in C so that the
 * harness takes as little CPU as it can from the balancer it measures, the same for every target.
 *
 *   loadgen -t 127.0.0.1:5353 -c 16 -k 4 -s 64 -w 2 -d 10 -l fulcrum -p 1234
 *   loadgen -t 127.0.0.1:5301,127.0.0.1:5302 ...    # client i talks to target i % 2 (direct)
 *
 * -c client sockets (each connected to one target), each with -k requests outstanding: a reply
 * (or a request's timeout, -T ms) sends the next request in its place at once. Each request
 * carries its client, slot, sequence number and send time, so a reply is matched exactly; late,
 * duplicate or corrupted replies are counted, never taken for others. Latencies of the replies
 * received in the measured window (after -w seconds of warm-up, for -d seconds) go into a
 * log-linear histogram (64 buckets per power of two above 128 ns), from which p50, p99 and p99.9
 * are read as their bucket's upper bound: at most 1.6 % above the true value. With -p PID,...,
 * the CPU time (user + system, from /proc/PID/stat) that those processes used in the window is
 * divided by the replies: CPU per reply of the process under test; -b PID,... does the same for
 * the echo backends.
 *
 * Prints one line to stdout:
 *   RESULT label outstanding replies/s p50_us p99_us p99.9_us loss_% cpu_us_per_reply
 *          backend_cpu_us_per_reply replies timeouts late corrupt loadgen_cpu_%
 * Only loopback targets (127.0.0.0/8) are accepted; the run always ends after -w + -d seconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_TARGETS 64
#define MAX_CLIENTS 4096
#define MAX_PER_CLIENT 1024
#define MAX_PIDS 64
#define BATCH 64
#define MAGIC 0x46554c43u /* "FULC" */
#define HEADER 24         /* magic u32, client u16, slot u16, seq u64, sent_ns u64 */

/* ------------------------------------------------------------------ log-linear histogram */
#define SUB_BITS 7
#define SUB (1 << SUB_BITS)
#define HALF (SUB / 2)
#define BUCKETS (SUB + 57 * HALF)
static uint64_t hist[BUCKETS];
static uint64_t hist_count;

static int bucket_of(uint64_t v) {
  if (v < SUB) return (int)v;
  int msb = 63 - __builtin_clzll(v);
  int shift = msb - (SUB_BITS - 1);
  return SUB + (shift - 1) * HALF + (int)((v >> shift) - HALF);
}

static uint64_t bucket_high(int i) { /* the largest value in bucket i */
  if (i < SUB) return (uint64_t)i;
  int shift = (i - SUB) / HALF + 1;
  uint64_t m = (uint64_t)((i - SUB) % HALF + HALF);
  return ((m + 1) << shift) - 1;
}

static void record(uint64_t v) {
  hist[bucket_of(v)]++;
  hist_count++;
}

static double percentile_us(double p) {
  if (hist_count == 0) return 0;
  uint64_t rank = (uint64_t)(p / 100.0 * (double)hist_count + 0.5);
  if (rank < 1) rank = 1;
  uint64_t seen = 0;
  for (int i = 0; i < BUCKETS; i++) {
    seen += hist[i];
    if (seen >= rank) return (double)bucket_high(i) / 1000.0;
  }
  return (double)bucket_high(BUCKETS - 1) / 1000.0;
}

/* ------------------------------------------------------------------ clients */
struct client {
  int fd;
  uint64_t next_seq;
  uint64_t *slot_seq;  /* 0: free */
  uint64_t *slot_sent; /* ns */
  char *payload;       /* one payload of size bytes per slot; its header rewritten per request */
};

static struct client clients[MAX_CLIENTS];
static int nclients = 4, per_client = 4, size = 64, timeout_ms = 200;
static uint64_t replies, timeouts, late, corrupt, sent_total;
static int measuring;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void die_usage(const char *why) {
  fprintf(stderr, "loadgen: %s\n", why);
  fprintf(stderr,
          "usage: loadgen -t HOST:PORT[,HOST:PORT...] [-c clients] [-k outstanding per client]"
          " [-s bytes] [-w warmup s] [-d seconds] [-T timeout ms] [-l label] [-o outstanding label]"
          " [-p PID,...] [-b PID,...]\n");
  exit(2);
}

static int parse_pids(const char *s, int *out) {
  int n = 0;
  char *copy = strdup(s), *save = NULL;
  for (char *tok = strtok_r(copy, ",", &save); tok && n < MAX_PIDS; tok = strtok_r(NULL, ",", &save)) {
    int pid = atoi(tok);
    if (pid > 0) out[n++] = pid;
  }
  free(copy);
  return n;
}

/* utime + stime of the processes, in clock ticks (all their threads). */
static long long cpu_ticks(const int *pids, int n) {
  long long total = 0;
  for (int i = 0; i < n; i++) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", pids[i]);
    FILE *f = fopen(path, "r");
    if (!f) continue;
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = 0;
    char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    if (!p) continue;
    unsigned long long utime = 0, stime = 0;
    /* fields after ')': state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
       utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) == 2)
      total += (long long)(utime + stime);
  }
  return total;
}

/* Writes the header of slot's request into that slot's own payload buffer. */
static char *fill(struct client *c, int ci, int slot, uint64_t seq, uint64_t t) {
  char *p = c->payload + (size_t)slot * (size_t)size;
  uint32_t magic = MAGIC;
  uint16_t cid = (uint16_t)ci, sl = (uint16_t)slot;
  memcpy(p, &magic, 4);
  memcpy(p + 4, &cid, 2);
  memcpy(p + 6, &sl, 2);
  memcpy(p + 8, &seq, 8);
  memcpy(p + 16, &t, 8);
  return p;
}

/* Sends a new request in each of the given slots of client ci (one sendmmsg). */
static void send_slots(int ci, const int *slots, int n, uint64_t t) {
  struct client *c = &clients[ci];
  static struct mmsghdr msgs[MAX_PER_CLIENT];
  static struct iovec iov[MAX_PER_CLIENT];
  for (int i = 0; i < n; i++) {
    uint64_t seq = ++c->next_seq;
    c->slot_seq[slots[i]] = seq;
    c->slot_sent[slots[i]] = t;
    memset(&msgs[i], 0, sizeof msgs[i]);
    iov[i].iov_base = fill(c, ci, slots[i], seq, t);
    iov[i].iov_len = (size_t)size;
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  int done = 0;
  while (done < n) {
    int s = sendmmsg(c->fd, msgs + done, (unsigned)(n - done), 0);
    if (s <= 0) {
      /* refused (ICMP) or buffer full: this request is lost here; its slot times out */
      done++;
      continue;
    }
    done += s;
  }
  sent_total += (uint64_t)n;
}

static char rbufs[BATCH][65536];

static void on_readable(int ci, uint64_t t) {
  struct client *c = &clients[ci];
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  int slots[BATCH];
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      iov[i].iov_base = rbufs[i];
      iov[i].iov_len = sizeof rbufs[i];
      memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int got = recvmmsg(c->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    if (got < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      continue; /* ECONNREFUSED etc.: the lost request times out */
    }
    if (got == 0) return;
    int nslots = 0;
    for (int i = 0; i < got; i++) {
      const char *p = rbufs[i];
      uint32_t magic;
      uint16_t cid, slot;
      uint64_t seq, sent;
      if (msgs[i].msg_len != (unsigned)size) { corrupt++; continue; }
      memcpy(&magic, p, 4);
      memcpy(&cid, p + 4, 2);
      memcpy(&slot, p + 6, 2);
      memcpy(&seq, p + 8, 8);
      memcpy(&sent, p + 16, 8);
      if (magic != MAGIC || cid != ci || slot >= per_client) { corrupt++; continue; }
      if (c->slot_seq[slot] != seq || c->slot_sent[slot] != sent) { late++; continue; }
      if (measuring) {
        replies++;
        record(t - sent);
      }
      slots[nslots++] = slot;
    }
    if (nslots) send_slots(ci, slots, nslots, t);
    if (got < BATCH) return;
  }
}

static void expire(uint64_t t) {
  uint64_t deadline = (uint64_t)timeout_ms * 1000000ull;
  int slots[MAX_PER_CLIENT];
  for (int ci = 0; ci < nclients; ci++) {
    struct client *c = &clients[ci];
    int n = 0;
    for (int s = 0; s < per_client; s++) {
      if (t - c->slot_sent[s] > deadline) {
        if (measuring) timeouts++;
        slots[n++] = s;
      }
    }
    if (n) send_slots(ci, slots, n, t);
  }
}

static int parse_target(const char *s, struct sockaddr_in *a) {
  char host[64];
  const char *colon = strrchr(s, ':');
  if (!colon || colon - s >= (long)sizeof host) return -1;
  memcpy(host, s, (size_t)(colon - s));
  host[colon - s] = 0;
  if (strcmp(host, "localhost") == 0) strcpy(host, "127.0.0.1");
  memset(a, 0, sizeof *a);
  a->sin_family = AF_INET;
  if (inet_pton(AF_INET, host, &a->sin_addr) != 1) return -1;
  if ((ntohl(a->sin_addr.s_addr) >> 24) != 127) return -2; /* loopback only */
  int port = atoi(colon + 1);
  if (port <= 0 || port > 65535) return -1;
  a->sin_port = htons((uint16_t)port);
  return 0;
}

int main(int argc, char **argv) {
  const char *targets_arg = NULL, *label = "target", *outstanding_label = NULL;
  int warmup = 2, seconds = 10;
  int pids[MAX_PIDS], npids = 0, bpids[MAX_PIDS], nbpids = 0;
  int opt;
  while ((opt = getopt(argc, argv, "t:c:k:s:w:d:T:l:o:p:b:")) != -1) {
    switch (opt) {
      case 't': targets_arg = optarg; break;
      case 'c': nclients = atoi(optarg); break;
      case 'k': per_client = atoi(optarg); break;
      case 's': size = atoi(optarg); break;
      case 'w': warmup = atoi(optarg); break;
      case 'd': seconds = atoi(optarg); break;
      case 'T': timeout_ms = atoi(optarg); break;
      case 'l': label = optarg; break;
      case 'o': outstanding_label = optarg; break;
      case 'p': npids = parse_pids(optarg, pids); break;
      case 'b': nbpids = parse_pids(optarg, bpids); break;
      default: die_usage("unknown option");
    }
  }
  if (!targets_arg) die_usage("-t is required");
  if (nclients < 1 || nclients > MAX_CLIENTS) die_usage("-c must be in [1, 4096]");
  if (per_client < 1 || per_client > MAX_PER_CLIENT) die_usage("-k must be in [1, 1024]");
  if (size < HEADER || size > 65507) die_usage("-s must be in [24, 65507] bytes");
  if (warmup < 0 || warmup > 3600 || seconds < 1 || seconds > 3600)
    die_usage("-w must be in [0, 3600] and -d in [1, 3600] seconds");
  if (timeout_ms < 1 || timeout_ms > 60000) die_usage("-T must be in [1, 60000] ms");

  struct sockaddr_in targets[MAX_TARGETS];
  int ntargets = 0;
  char *copy = strdup(targets_arg), *save = NULL;
  for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    if (ntargets == MAX_TARGETS) die_usage("at most 64 targets");
    int r = parse_target(tok, &targets[ntargets]);
    if (r == -2) {
      fprintf(stderr, "loadgen: -t %s is not on loopback (127.0.0.0/8); only loopback is allowed\n", tok);
      return 2;
    }
    if (r != 0) {
      fprintf(stderr, "loadgen: -t %s must be IPV4:PORT, e.g. 127.0.0.1:5353\n", tok);
      return 2;
    }
    ntargets++;
  }
  free(copy);

  int ep = epoll_create1(0);
  for (int i = 0; i < nclients; i++) {
    struct client *c = &clients[i];
    c->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) { perror("socket"); return 1; }
    int buf = 1 << 20;
    setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    if (connect(c->fd, (struct sockaddr *)&targets[i % ntargets], sizeof targets[0]) != 0) {
      perror("connect");
      return 1;
    }
    c->slot_seq = calloc((size_t)per_client, sizeof(uint64_t));
    c->slot_sent = calloc((size_t)per_client, sizeof(uint64_t));
    c->payload = malloc((size_t)size * (size_t)per_client);
    for (int b = 0; b < size * per_client; b++) c->payload[b] = (char)('a' + (i + b) % 26);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
  }

  uint64_t start = now_ns();
  uint64_t measure_from = start + (uint64_t)warmup * 1000000000ull;
  uint64_t end = measure_from + (uint64_t)seconds * 1000000000ull;
  int slots[MAX_PER_CLIENT];
  for (int s = 0; s < per_client; s++) slots[s] = s;
  for (int i = 0; i < nclients; i++) send_slots(i, slots, per_client, start);

  long long ticks0 = 0, bticks0 = 0;
  struct rusage ru0;
  uint64_t measure_start = 0, measure_end = 0;
  uint64_t next_expiry = start + 10000000ull;
  struct epoll_event events[256];
  for (;;) {
    int ready = epoll_wait(ep, events, 256, 5);
    uint64_t t = now_ns();
    for (int e = 0; e < ready; e++) on_readable((int)events[e].data.u32, t);
    if (!measuring && measure_start == 0 && t >= measure_from) {
      measuring = 1;
      measure_start = t;
      ticks0 = cpu_ticks(pids, npids);
      bticks0 = cpu_ticks(bpids, nbpids);
      getrusage(RUSAGE_SELF, &ru0);
    }
    if (t >= end) {
      measure_end = t;
      measuring = 0;
      break;
    }
    if (t >= next_expiry) {
      expire(t);
      next_expiry = t + 10000000ull;
    }
  }
  long long ticks = cpu_ticks(pids, npids) - ticks0;
  long long bticks = cpu_ticks(bpids, nbpids) - bticks0;
  struct rusage ru1;
  getrusage(RUSAGE_SELF, &ru1);
  double window = (double)(measure_end - measure_start) / 1e9;
  double hz = (double)sysconf(_SC_CLK_TCK);
  double own = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec)
      + (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
  double rps = (double)replies / window;
  double loss = replies + timeouts ? 100.0 * (double)timeouts / (double)(replies + timeouts) : 0;
  double cpu = npids && replies ? (double)ticks / hz * 1e6 / (double)replies : -1;
  double bcpu = nbpids && replies ? (double)bticks / hz * 1e6 / (double)replies : -1;
  char outstanding[32];
  if (outstanding_label) snprintf(outstanding, sizeof outstanding, "%s", outstanding_label);
  else snprintf(outstanding, sizeof outstanding, "%d", nclients * per_client);
  printf("RESULT %s %s %.0f %.1f %.1f %.1f %.3f %.2f %.2f %llu %llu %llu %llu %.0f\n", label,
         outstanding, rps, percentile_us(50), percentile_us(99), percentile_us(99.9), loss, cpu,
         bcpu, (unsigned long long)replies, (unsigned long long)timeouts,
         (unsigned long long)late, (unsigned long long)corrupt, 100.0 * own / window);
  return 0;
}
