#!/usr/bin/env python3
"""WebSocket relay benchmark on loopback: small messages direct vs through Flowscope.

Expects a build with FLOWSCOPE_BUILD_BENCH=ON (default ./build; --build DIR). Starts the
echo server of flowscope-ws-loadgen and `flowscope-cli proxy` (a fresh data directory, so
every message is recorded to a fresh store), then runs each scenario direct and through
the proxy in alternation, REPEATS times, and prints medians and proxy/direct ratios taken
from the same run, plus the proxy's peak RSS and the messages it stored. Everything listens
on 127.0.0.1; every load is bounded in seconds.
"""
import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCENARIOS = [
    # name, connections, message size, window (messages in flight per connection)
    ("64 B, c=1, window 1 (latency)", 1, 64, 1),
    ("64 B, c=8, window 1", 8, 64, 1),
    ("64 B, c=8, window 16 (rate)", 8, 64, 16),
    ("4 KiB, c=8, window 16", 8, 4096, 16),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=15.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port}")


def peak_rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--proxy-args", default="", help="extra flowscope-cli proxy flags, e.g. --no-bodies")
    args = parser.parse_args()
    build = Path(args.build)
    loadgen = build / "bench" / "ws-loadgen" / "flowscope-ws-loadgen"
    cli = build / "src" / "cli" / "flowscope-cli"

    with tempfile.TemporaryDirectory(prefix="flowscope-ws-bench-") as work:
        echo_port, proxy_port = free_port(), free_port()
        echo = subprocess.Popen([str(loadgen), "echo", "--port", str(echo_port)], stdout=subprocess.DEVNULL)
        proxy = subprocess.Popen([str(cli), "--data-dir", work, "proxy", "--listen", f"127.0.0.1:{proxy_port}"]
                                 + args.proxy_args.split(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_port(echo_port)
            wait_port(proxy_port)
            results = {name: {"direct": [], "flowscope": []} for name, *_ in SCENARIOS}
            for repeat in range(args.repeats):
                for name, connections, size, window in SCENARIOS:
                    for contender in ("direct", "flowscope"):
                        cmd = [str(loadgen), "run", "--target", f"127.0.0.1:{echo_port}", "-c", str(connections),
                               "--size", str(size), "--window", str(window), "-d", str(args.seconds)]
                        if contender == "flowscope":
                            cmd += ["--proxy", f"127.0.0.1:{proxy_port}"]
                        out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60).stdout
                        results[name][contender].append(json.loads(out))
                print(f"repeat {repeat + 1}/{args.repeats} done", file=sys.stderr)
            rss = peak_rss_mb(proxy.pid)
        finally:
            proxy.terminate()
            proxy.wait(timeout=30)
            echo.terminate()
            echo.wait(timeout=10)
        db = sqlite3.connect(f"{work}/flows.sqlite")
        stored = db.execute("SELECT count(*) FROM websocket_messages").fetchone()[0]
        flows = db.execute("SELECT count(*) FROM flows WHERE kind = 'websocket'").fetchone()[0]
        dropped = db.execute("SELECT sum(ws_messages_dropped), sum(ws_payloads_dropped) FROM flows").fetchone()

    print(f"\n{args.repeats} repeats x {args.seconds:.0f} s, medians; ratio = Flowscope / direct\n")
    print("| scenario | direct round trips/s | Flowscope round trips/s | ratio | direct p50 ms | "
          "Flowscope p50 ms | direct p99 ms | Flowscope p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, *_ in SCENARIOS:
        med = {c: {k: statistics.median(r[k] for r in results[name][c]) for k in ("round_trips_per_s", "p50_ms", "p99_ms")}
               for c in ("direct", "flowscope")}
        errors = sum(r["errors"] for c in ("direct", "flowscope") for r in results[name][c])
        ratio = med["flowscope"]["round_trips_per_s"] / max(med["direct"]["round_trips_per_s"], 1e-9)
        print(f"| {name} | {med['direct']['round_trips_per_s']:.0f} | {med['flowscope']['round_trips_per_s']:.0f} | "
              f"{ratio:.2f} | {med['direct']['p50_ms']:.3f} | {med['flowscope']['p50_ms']:.3f} | "
              f"{med['direct']['p99_ms']:.3f} | {med['flowscope']['p99_ms']:.3f} |"
              + (f" ({errors} errors)" if errors else ""))
    print(f"\nproxy peak RSS {rss:.1f} MB; {flows} WebSocket flows, {stored} messages stored, "
          f"dropped messages {dropped[0] or 0}, dropped payloads {dropped[1] or 0}")


if __name__ == "__main__":
    main()
