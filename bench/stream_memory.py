#!/usr/bin/env python3
"""Live event streams on a running todo-api (accounts mode): memory per idle
stream, and the time from a REST change to its event.

    python3 bench/stream_memory.py --base http://127.0.0.1:18080 --pid PID \\
        [--streams 1000] [--per-user 10] [--latency-streams 100] [--changes 100]

Signs up enough accounts to open --streams streams within the per-user cap
(--per-user, the server's EVENT_STREAMS_PER_USER; each from its own address
in X-Forwarded-For, as todo-web would send it), reads the server's VmRSS,
opens the streams (raw sockets, each read up to its `ready` event), waits two
seconds and reads VmRSS again. Then it closes all but --latency-streams of
them and times --changes todos created by the first account, each from its
POST request to its event on one of that account's streams (every stream of
the account is woken). Prints a markdown table on stdout. The server needs
ulimit -n above --streams and EVENT_STREAMS_MAX at least --streams.
"""
import argparse
import json
import socket
import statistics
import time
import urllib.parse
import urllib.request

PASSWORD = "a bench password that is long"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def post(base, path, body, token=None, client_ip=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if client_ip:
        # As todo-web would say it: sign-ups are limited per client address.
        headers["X-Forwarded-For"] = client_ip
    request = urllib.request.Request(f"{base}{path}", data=json.dumps(body).encode(), method="POST", headers=headers)
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def open_stream(host, port, token):
    sock = socket.create_connection((host, port))
    sock.sendall(
        f"GET /api/v1/events HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n"
        f"Authorization: Bearer {token}\r\n\r\n".encode()
    )
    head = b""
    while b"data:" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError(f"stream refused: {head[:200]!r}")
        head += chunk
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"stream refused: {head[:300]!r}")
    return sock


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--per-user", type=int, default=10)
    parser.add_argument("--latency-streams", type=int, default=100)
    parser.add_argument("--changes", type=int, default=100)
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.base)
    accounts = -(-args.streams // args.per_user)
    run = int(time.time())
    tokens = [post(args.base, "/api/v1/auth/signup", {"username": f"streams-{run}-{i}", "password": PASSWORD},
                   client_ip=f"10.0.{i // 256}.{i % 256}")["token"]
              for i in range(accounts)]
    time.sleep(1)
    before = rss_kib(args.pid)
    # Stream i belongs to account i // per_user: the first account's come first.
    streams = [open_stream(url.hostname, url.port, tokens[i // args.per_user]) for i in range(args.streams)]
    time.sleep(2)
    after = rss_kib(args.pid)
    per_stream = (after - before) * 1024 / args.streams

    for sock in streams[args.latency_streams:]:
        sock.close()
    watcher = streams[0]
    watcher.settimeout(5)
    latencies = []
    for i in range(args.changes):
        started = time.perf_counter()
        post(args.base, "/api/v1/todos", {"title": f"latency {i}"}, tokens[0])
        received = b""
        while f'"latency {i}"'.encode() not in received:
            received += watcher.recv(65536)
        latencies.append((time.perf_counter() - started) * 1000)
    for sock in streams[:args.latency_streams]:
        sock.close()
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]

    print("| figure | value |")
    print("| --- | ---: |")
    print(f"| idle streams ({accounts} accounts, {args.per_user} each) | {args.streams} |")
    print(f"| server RSS before / after opening them (KiB) | {before} / {after} |")
    print(f"| memory per idle stream (bytes) | {per_stream:.0f} |")
    print(f"| change → event p50 / p99 (ms; {args.latency_streams} streams open, {args.changes} changes, the POST included) "
          f"| {statistics.median(latencies):.1f} / {p99:.1f} |")


if __name__ == "__main__":
    main()
