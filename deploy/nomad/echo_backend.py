#!/usr/bin/env python3
"""A UDP echo/work backend for the Nomad deployment: answers every datagram with its bytes after
doing some CPU work (SHA-256 rounds), so that backends on busier hosts answer slower.

    echo_backend.py HOST PORT [ROUNDS]

In the fulcrum-echo job, HOST and PORT are Nomad's ${NOMAD_IP_udp} and ${NOMAD_PORT_udp}.
"""
import hashlib
import signal
import socket
import sys


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((host, port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"echo_backend: {host}:{port}, {rounds} rounds per datagram", flush=True)
    while True:
        data, client = sock.recvfrom(65535)
        digest = data
        for _ in range(rounds):
            digest = hashlib.sha256(digest).digest()
        sock.sendto(data, client)


if __name__ == "__main__":
    main()
