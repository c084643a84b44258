#!/usr/bin/env python3
"""Side-by-side proxy benchmarks on loopback: direct vs Flowscope vs mitmdump vs Squid, with
nginx as a bare reverse proxy ("nginx-relay") for the cost floor of two hops.

One command: builds nothing, expects ./build with FLOWSCOPE_BUILD_BENCH=ON (see
docs/benchmarks.md). Starts nginx (HTTP + HTTPS, certificates from a test CA made now),
the proxies, and runs each scenario for each contender in alternation, REPEATS times,
reporting medians and ratios to direct from the same run. Everything listens on
127.0.0.1 and every load is bounded in requests and seconds.

Writes bench/results/<stamp>.md and .json.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)


def make_pki(work):
    """A test CA and one server certificate for localhost, 127.0.0.1 and *.bench.test."""
    run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", f"{work}/ca.key", "-out", f"{work}/ca.pem", "-days", "2", "-subj", "/CN=Bench Test CA"])
    run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", f"{work}/srv.key", "-out", f"{work}/srv.csr", "-subj", "/CN=localhost"])
    Path(f"{work}/ext.cnf").write_text(
        "subjectAltName=DNS:localhost,DNS:*.bench.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    run(["openssl", "x509", "-req", "-in", f"{work}/srv.csr", "-CA", f"{work}/ca.pem", "-CAkey", f"{work}/ca.key",
         "-CAcreateserial", "-out", f"{work}/srv.pem", "-days", "2", "-extfile", f"{work}/ext.cnf"])


def nginx_conf(work, name, workers, http_port, https_port, http_extra, server_extra, head=""):
    """An nginx.conf for one loopback server on a plain and a TLS port (the test
    certificate), logging nothing and keeping connections alive as long as a load runs."""
    return f"""{head}
worker_processes {workers};
pid {work}/{name}.pid;
error_log {work}/{name}-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;{http_extra}
  server {{
    listen 127.0.0.1:{http_port};
    listen 127.0.0.1:{https_port} ssl;
    ssl_certificate {work}/srv.pem;
    ssl_certificate_key {work}/srv.key;{server_extra}
  }}
}}
"""


def start_nginx(work, http_port, https_port):
    www = Path(work) / "www"
    www.mkdir()
    (www / "1k.bin").write_bytes(os.urandom(1024))
    with open(www / "10m.bin", "wb") as f:
        f.write(os.urandom(10 * 1024 * 1024))
    with open(www / "200m.bin", "wb") as f:
        for _ in range(200):
            f.write(os.urandom(1024 * 1024))
    conf = Path(work) / "nginx.conf"
    conf.write_text(nginx_conf(work, "nginx", 1, http_port, https_port, f"""
  sendfile on;""", f"""
    root {www};"""))
    subprocess.run(["nginx", "-c", str(conf)], check=True)
    wait_port(http_port)
    wait_port(https_port)


class Proxy:
    def __init__(self, name, cmd, port, ca, env=None, cwd=None):
        self.name, self.port, self.ca = name, port, ca
        self.log = open(Path(tempfile.gettempdir()) / f"bench-{name}-{port}.log", "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                     start_new_session=True)
        wait_port(port, 30)

    def pids(self):
        out = subprocess.run(["pgrep", "-s", str(self.proc.pid)], capture_output=True, text=True).stdout.split()
        return [int(p) for p in out] or [self.proc.pid]

    def cpu_seconds(self):
        total = 0.0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except OSError:
                pass
        return total

    def peak_rss_mb(self):
        peak = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak += int(line.split()[1])
            except OSError:
                pass
        return peak / 1024.0

    def rss_mb(self, pids=None):
        """Resident memory of the proxy's processes (`pids`: a list looked up earlier)."""
        total = 0
        for pid in self.pids() if pids is None else pids:
            try:
                with open(f"/proc/{pid}/statm") as statm:
                    total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except OSError:
                pass
        return total / (1024.0 * 1024.0)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def start_flowscope(work, port, build, config, name="flowscope", extra_args=()):
    data = Path(work) / f"{name}-data"
    if config:
        data.mkdir(exist_ok=True)
        (data / "config.json").write_text(config)
    return Proxy(name, [str(build / "src/cli/flowscope-cli"), "--data-dir", str(data), "proxy",
                        "--listen", f"127.0.0.1:{port}", "--upstream-ca", f"{work}/ca.pem", *extra_args],
                 port, str(data / "certs/ca.pem"))


def start_mitmdump(work, port):
    conf = Path(work) / "mitmproxy"
    conf.mkdir(exist_ok=True)
    proxy = Proxy("mitmdump", ["mitmdump", "--quiet", "--listen-host", "127.0.0.1", "--listen-port", str(port),
                               "--set", f"confdir={conf}", "--set", f"ssl_verify_upstream_trusted_ca={work}/ca.pem",
                               "--set", "stream_large_bodies=1m"],
                  port, str(conf / "mitmproxy-ca-cert.pem"))
    return proxy


def start_squid(work, port):
    """Squid 5 with ssl-bump (Debian squid-openssl), or None when it cannot be set up."""
    squid = shutil.which("squid")
    certgen = "/usr/lib/squid/security_file_certgen"
    if not squid or not os.path.exists(certgen):
        return None
    sq = Path(work) / "squid"
    sq.mkdir()
    run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", f"{sq}/bump.pem", "-out", f"{sq}/bump.pem.crt", "-days", "2", "-subj", "/CN=Squid Bench CA"])
    Path(f"{sq}/bump-all.pem").write_text(Path(f"{sq}/bump.pem").read_text() + Path(f"{sq}/bump.pem.crt").read_text())
    subprocess.run([certgen, "-c", "-s", f"{sq}/ssldb", "-M", "16MB"], check=True, capture_output=True)
    for path in [sq, *sq.rglob("*")]:
        shutil.chown(path, "proxy", "proxy")
    os.chmod(work, 0o755)
    (sq / "squid.conf").write_text(f"""
http_port 127.0.0.1:{port} ssl-bump generate-host-certificates=on dynamic_cert_mem_cache_size=16MB cert={sq}/bump-all.pem
sslcrtd_program {certgen} -s {sq}/ssldb -M 16MB
sslcrtd_children 4
acl step1 at_step SslBump1
ssl_bump peek step1
ssl_bump bump all
tls_outgoing_options cafile={work}/ca.pem
http_access allow localhost
http_access deny all
cache deny all
cache_mem 8 MB
access_log none
cache_log {sq}/cache.log
pid_filename {sq}/squid.pid
coredump_dir {sq}
workers 1
""")
    try:
        return Proxy("squid", [squid, "-N", "-f", f"{sq}/squid.conf"], port, f"{sq}/bump.pem.crt")
    except RuntimeError:
        return None


def start_nginx_relay(work, http_port, https_port):
    """A second nginx as a reverse proxy in front of the origin: TLS terminated and made
    again upstream (verified), pooled upstream keep-alive, no buffering, no logging. It
    captures nothing and mints no certificates, so it is not a peer but a floor: what two
    TCP hops (and two TLS sessions) cost on this machine when the relay does nothing else.
    Returns the proxy and its plain and TLS ports (the client talks to it as the origin)."""
    relay_http, relay_https = free_port(), free_port()
    conf = Path(work) / "relay.conf"
    conf.write_text(nginx_conf(work, "relay", 2, relay_http, relay_https, f"""
  upstream origin_plain {{ server 127.0.0.1:{http_port}; keepalive 64; keepalive_requests 10000000; }}
  upstream origin_tls {{ server 127.0.0.1:{https_port}; keepalive 64; keepalive_requests 10000000; }}""", f"""
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_buffering off;
    proxy_ssl_trusted_certificate {work}/ca.pem;
    proxy_ssl_verify on;
    proxy_ssl_name localhost;
    proxy_ssl_session_reuse on;
    location / {{
      if ($scheme = https) {{ proxy_pass https://origin_tls; }}
      proxy_pass http://origin_plain;
    }}""", head="daemon off;"))
    proxy = Proxy("nginx-relay", ["nginx", "-c", str(conf)], relay_http, f"{work}/ca.pem")
    wait_port(relay_https)
    return proxy, relay_http, relay_https


# Scenarios a relay without certificate minting measures like for like (not the 500 names).
RELAY_SCENARIOS = ("http_keepalive", "https_keepalive", "https_new_connection", "https_10mib", "https_200mib")


class RssSampler:
    """Samples a proxy's resident memory every 50 ms while a load runs: the peak during
    one scenario, which the process-lifetime VmHWM cannot tell apart. The pids are looked
    up once (a pgrep per sample would itself load the two cores)."""

    def __init__(self, proxy):
        self.proxy, self.pids, self.peak_mb, self.stop_flag = proxy, proxy.pids(), 0.0, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop_flag.is_set():
            self.peak_mb = max(self.peak_mb, self.proxy.rss_mb(self.pids))
            self.stop_flag.wait(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        self.thread.join()


def loadgen(build, args):
    out = subprocess.run([str(build / "bench/loadgen/flowscope-loadgen"), *args], capture_output=True, text=True,
                         timeout=600)
    if out.returncode != 0 and not out.stdout.strip():
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def scenarios(http_port, https_port, quick):
    d = 3 if quick else 8
    https = f"https://127.0.0.1:{https_port}"
    return [
        ("http_keepalive_c1", f"http://127.0.0.1:{http_port}/1k.bin", ["-c", "1", "-d", str(d), "-n", "200000"]),
        ("http_keepalive_c32", f"http://127.0.0.1:{http_port}/1k.bin", ["-c", "32", "-d", str(d), "-n", "2000000"]),
        ("https_keepalive_c1", f"{https}/1k.bin", ["-c", "1", "-d", str(d), "-n", "200000", "--server-name", "localhost"]),
        ("https_keepalive_c32", f"{https}/1k.bin", ["-c", "32", "-d", str(d), "-n", "2000000", "--server-name", "localhost"]),
        ("https_new_connection_c8", f"{https}/1k.bin",
         ["-c", "8", "-d", str(d), "-n", "200000", "--new-connection", "--server-name", "localhost"]),
        ("https_500_new_names", f"{https}/1k.bin",
         ["-c", "8", "-d", "60", "-n", "500", "--new-connection", "--name-pattern", "n{}-RUN.bench.test", "--names", "500"]),
        ("https_500_same_names_again", f"{https}/1k.bin",
         ["-c", "8", "-d", "60", "-n", "500", "--new-connection", "--name-pattern", "n{}-RUN.bench.test", "--names", "500"]),
        ("https_10mib_body", f"{https}/10m.bin", ["-c", "1", "-d", str(d + 5), "-n", "30", "--server-name", "localhost"]),
        # Memory while streaming: what the proxy holds on top of its resting size.
        ("https_200mib_body", f"{https}/200m.bin", ["-c", "1", "-d", "60", "-n", "2", "--server-name", "localhost"]),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="shorter runs (smoke)")
    parser.add_argument("--only", default="", help="comma-separated contenders (direct,flowscope,mitmdump,squid)")
    parser.add_argument("--scenarios", default="",
                        help="comma-separated scenario name prefixes to run (default: all), e.g. https_keepalive")
    parser.add_argument("--flowscope-config", default="",
                        help='config.json for Flowscope\'s data directory, e.g. \'{"threads": 1}\'')
    parser.add_argument("--flowscope-variant", action="append", default=[], metavar="NAME=JSON",
                        help='another Flowscope with this config.json, run in alternation as flowscope-NAME, '
                             'e.g. \'t1={"threads": 1}\' (repeatable)')
    parser.add_argument("--flowscope-build-variant", action="append", default=[], metavar="NAME=BUILD_DIR",
                        help="another Flowscope built elsewhere (BUILD_DIR/src/cli/flowscope-cli), run in "
                             "alternation as flowscope-NAME: before/after comparisons in one run (repeatable)")
    parser.add_argument("--flowscope-args-variant", action="append", default=[], metavar="NAME=ARGS",
                        help="another Flowscope with these extra `proxy` arguments, run in alternation as "
                             "flowscope-NAME, e.g. 'norecord=--no-record' (what recording costs) (repeatable)")
    parser.add_argument("--no-relay", action="store_true",
                        help="leave out nginx-relay (nginx as a plain reverse proxy: the cost floor of two hops)")
    parser.add_argument("--micro", action="store_true",
                        help="run the Google Benchmark micro benchmarks (bench/micro) instead, REPEATS repetitions")
    args = parser.parse_args()
    # Stopped with SIGTERM: still stop nginx and the proxies (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    build = Path(args.build)
    if args.micro:
        # Medians of the repetitions; FLOWSCOPE_MICRO_FLOWS / FLOWSCOPE_MICRO_STORE pass through.
        sys.exit(subprocess.run([str(build / "bench/micro/flowscope-micro"),
                                 f"--benchmark_repetitions={args.repeats}",
                                 "--benchmark_report_aggregates_only=true"]).returncode)
    work = tempfile.mkdtemp(prefix="flowscope-bench-")
    os.chmod(work, 0o755)
    http_port, https_port = free_port(), free_port()
    make_pki(work)
    start_nginx(work, http_port, https_port)
    wanted = set(filter(None, args.only.split(","))) or {"direct", "flowscope", "mitmdump", "squid", "nginx-relay"}
    if args.no_relay:
        wanted.discard("nginx-relay")
    proxies = {}
    results = {}
    run_id = str(int(time.time()))
    try:
        if "flowscope" in wanted:
            proxies["flowscope"] = start_flowscope(work, free_port(), build, args.flowscope_config)
        # Other Flowscopes, alternated with the rest: NAME=VALUE gives (binary, config, extra args).
        variant_kinds = [
            (args.flowscope_variant, lambda config: (build, config, ())),
            (args.flowscope_build_variant, lambda other: (Path(other), args.flowscope_config, ())),
            (args.flowscope_args_variant, lambda extra: (build, args.flowscope_config, extra.split())),
        ]
        for variants, settings in variant_kinds:
            for variant in variants:
                name, _, value = variant.partition("=")
                variant_build, config, extra_args = settings(value)
                proxies[f"flowscope-{name}"] = start_flowscope(work, free_port(), variant_build, config,
                                                               f"flowscope-{name}", extra_args)
        if "mitmdump" in wanted and shutil.which("mitmdump"):
            proxies["mitmdump"] = start_mitmdump(work, free_port())
        if "squid" in wanted:
            squid = start_squid(work, free_port())
            if squid:
                proxies["squid"] = squid
            else:
                print("squid with ssl-bump could not be started; skipped", file=sys.stderr)
        relay_ports = None
        if "nginx-relay" in wanted:
            proxies["nginx-relay"], *relay_ports = start_nginx_relay(work, http_port, https_port)
        contenders = (["direct"] if "direct" in wanted else []) + list(proxies)
        prefixes = [p for p in args.scenarios.split(",") if p]
        for name, url, extra in scenarios(http_port, https_port, args.quick):
            if prefixes and not any(name.startswith(p) for p in prefixes):
                continue
            results[name] = {}
            for repeat in range(args.repeats):
                for contender in contenders:  # alternate contenders within each repeat
                    opts = list(extra)
                    opts = [o.replace("RUN", f"{run_id}-{repeat}" if "new_names" in name else f"{run_id}-0")
                            for o in opts]
                    target = url
                    if contender == "direct":
                        opts += ["--cacert", f"{work}/ca.pem"] if url.startswith("https") else []
                        cpu_before = None
                    elif contender == "nginx-relay":
                        if not name.startswith(RELAY_SCENARIOS):
                            continue
                        relay_port = relay_ports[1] if url.startswith("https") else relay_ports[0]
                        target = url.replace(f":{https_port}/", f":{relay_port}/").replace(f":{http_port}/",
                                                                                          f":{relay_port}/")
                        opts += ["--cacert", f"{work}/ca.pem"] if url.startswith("https") else []
                        cpu_before = proxies[contender].cpu_seconds()
                    else:
                        proxy = proxies[contender]
                        opts += ["--proxy", f"127.0.0.1:{proxy.port}"]
                        opts += ["--cacert", proxy.ca] if url.startswith("https") else []
                        cpu_before = proxy.cpu_seconds()
                    if contender == "direct":
                        result = loadgen(build, ["--url", target, *opts])
                    else:
                        rss_before = proxies[contender].rss_mb()
                        with RssSampler(proxies[contender]) as sampler:
                            result = loadgen(build, ["--url", target, *opts])
                        result["proxy_cpu_s"] = proxies[contender].cpu_seconds() - cpu_before
                        result["proxy_rss_mb"] = proxies[contender].rss_mb()
                        result["proxy_rss_before_mb"] = rss_before
                        result["proxy_rss_peak_mb"] = max(sampler.peak_mb, result["proxy_rss_mb"])
                    results[name].setdefault(contender, []).append(result)
                    print(f"{name:28} {contender:10} rps={result['rps']:>9.1f} p50={result['p50_ms']:.3f}ms "
                          f"MB/s={result['mbytes_per_s']:.1f} errors={result['errors']}", flush=True)
        peaks = {name: proxy.peak_rss_mb() for name, proxy in proxies.items()}
    finally:
        for proxy in proxies.values():
            proxy.stop()
        subprocess.run(["nginx", "-c", f"{work}/nginx.conf", "-s", "stop"], capture_output=True)
    write_report(results, peaks, args)
    shutil.rmtree(work, ignore_errors=True)


def median(values):
    return statistics.median(values) if values else 0.0


def write_report(results, peaks, args):
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = {}
    lines = [f"# Benchmark run {stamp}", "",
             f"Machine: {os.cpu_count()} cores, loopback only; medians of {args.repeats} alternating runs.", "",
             "| scenario | contender | req/s | x direct | p50 ms | p99 ms | MB/s | proxy CPU s / 1k req "
             "| RSS before / peak MB | errors |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for scenario, by_contender in results.items():
        direct_rps = median([r["rps"] for r in by_contender.get("direct", [])])
        direct_mbs = median([r["mbytes_per_s"] for r in by_contender.get("direct", [])])
        for contender, runs in by_contender.items():
            rps = median([r["rps"] for r in runs])
            mbs = median([r["mbytes_per_s"] for r in runs])
            ratio_base = (mbs / direct_mbs) if "body" in scenario and direct_mbs else (rps / direct_rps if direct_rps else 0)
            cpu = median([r["proxy_cpu_s"] * 1000.0 / max(1, r["requests"]) for r in runs if "proxy_cpu_s" in r])
            rss_before = median([r["proxy_rss_before_mb"] for r in runs if "proxy_rss_before_mb" in r])
            rss_peak = max([r["proxy_rss_peak_mb"] for r in runs if "proxy_rss_peak_mb" in r], default=0.0)
            row = {"rps": rps, "ratio": ratio_base, "p50_ms": median([r["p50_ms"] for r in runs]),
                   "p99_ms": median([r["p99_ms"] for r in runs]), "mbytes_per_s": mbs,
                   "cpu_s_per_1k": cpu, "rss_before_mb": rss_before, "rss_peak_mb": rss_peak,
                   "errors": sum(r["errors"] for r in runs)}
            summary.setdefault(scenario, {})[contender] = row
            rss = f"{rss_before:.1f} / {rss_peak:.1f}" if rss_peak else "-"
            lines.append(f"| {scenario} | {contender} | {rps:.0f} | {ratio_base:.2f} | {row['p50_ms']:.3f} | "
                         f"{row['p99_ms']:.3f} | {mbs:.1f} | {cpu:.3f} | {rss} | {row['errors']} |")
    floor_lines = []
    for scenario, rows in summary.items():
        relay = rows.get("nginx-relay")
        for contender, ours in rows.items():
            if relay and relay["ratio"] and contender.startswith("flowscope"):
                floor_lines.append(f"| {scenario} | {contender} | {ours['ratio'] / relay['ratio']:.2f} | "
                                   f"{ours['cpu_s_per_1k'] - relay['cpu_s_per_1k']:+.3f} |")
    if floor_lines:
        # nginx-relay records nothing and mints nothing: what is left over it is Flowscope's own.
        lines += ["", "Flowscope against the nginx-relay floor:", "",
                  "| scenario | contender | x nginx-relay | extra proxy CPU s / 1k req |",
                  "| --- | --- | ---: | ---: |", *floor_lines]
    lines += ["", "Peak RSS over the whole run (VmHWM): " +
              ", ".join(f"{name} {mb:.1f} MB" for name, mb in peaks.items()), ""]
    (out_dir / f"{stamp}.md").write_text("\n".join(lines))
    (out_dir / f"{stamp}.json").write_text(json.dumps({"summary": summary, "peak_rss_mb": peaks, "raw": results},
                                                      indent=1))
    print("\n".join(lines))
    print(f"\nwritten: bench/results/{stamp}.md and .json")


if __name__ == "__main__":
    main()
