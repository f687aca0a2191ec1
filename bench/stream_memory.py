#!/usr/bin/env python3
"""Memory per idle event stream: opens N streams of GET /api/v1/events on a
running todo-api and compares the server's resident memory (VmRSS) before
and after, then measures the time from a REST change to its event on one of
the streams.

    python3 bench/stream_memory.py --base http://127.0.0.1:18734 --pid PID --streams 1000

The server must allow that many streams for one user (single-user mode:
EVENT_STREAMS_PER_USER and EVENT_STREAMS_MAX at least N), and ulimit -n above N.
"""
import argparse
import json
import socket
import statistics
import time
import urllib.parse
import urllib.request


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def open_stream(host, port):
    sock = socket.create_connection((host, port))
    sock.sendall(f"GET /api/v1/events HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
    head = b""
    while b"data:" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError(f"stream refused: {head[:200]!r}")
        head += chunk
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"stream refused: {head[:200]!r}")
    return sock


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=100)
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.base)
    time.sleep(1)
    before = rss_kib(args.pid)
    streams = [open_stream(url.hostname, url.port) for _ in range(args.streams)]
    time.sleep(2)
    after = rss_kib(args.pid)
    per_stream = (after - before) * 1024 / args.streams
    print(f"streams={args.streams} rss_before={before} KiB rss_after={after} KiB per_stream={per_stream:.0f} bytes")

    # Latency: a REST change to its event arriving on the first stream (all
    # N streams belong to the one user, so every one of them is woken).
    watcher = streams[0]
    watcher.settimeout(5)
    latencies = []
    for i in range(args.changes):
        body = json.dumps({"title": f"latency {i}"}).encode()
        request = urllib.request.Request(f"{args.base}/api/v1/todos", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Origin": args.base})
        started = time.perf_counter()
        urllib.request.urlopen(request).read()
        received = b""
        while f'"latency {i}"'.encode() not in received:
            received += watcher.recv(65536)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print(f"change_to_event_ms p50={statistics.median(latencies):.1f} p99={p99:.1f} (request included, {args.changes} changes)")
    for sock in streams:
        sock.close()


if __name__ == "__main__":
    main()
