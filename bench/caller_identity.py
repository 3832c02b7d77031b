#!/usr/bin/env python3
"""Signed STS GetCallerIdentity throughput and p99 latency at 32 connections: Slipway against moto_server, same run.

Also reports Slipway's resident memory idle and under the load. Load comes from wrk on loopback,
bounded by --duration; each server gets the same signed request (SigV4 allows replay inside its
15-minute window, so one signature serves the whole run).
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BODY = "Action=GetCallerIdentity&Version=2011-06-15"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def signed_headers(port, key, secret):
    request = AWSRequest(method="POST", url=f"http://127.0.0.1:{port}/", data=BODY,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(Credentials(key, secret), "sts", "us-east-1").add_auth(request)
    return dict(request.headers.items())


def wrk(port, headers, connections, duration, threads):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write('wrk.method = "POST"\n')
    script.write(f'wrk.body = "{BODY}"\n')
    for name, value in headers.items():
        script.write(f'wrk.headers["{name}"] = "{value}"\n')
    script.close()
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name, f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, timeout=duration + 60,
    ).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, float(p99.group(1)) * scale, int(non2xx.group(1)) if non2xx else 0, out


def sample_peak_rss(pid, stop, result):
    peak = 0
    while not stop.is_set():
        try:
            peak = max(peak, rss_kib(pid))
        except OSError:
            break
        time.sleep(0.2)
    result.append(peak)


def percentile(values, fraction):
    """The value at `fraction` (0..1) of the sorted values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def start_slipway(binary, data_dir, stdout=subprocess.DEVNULL):
    """Starts `slipway serve` on a free loopback port; returns the process, the port and the root key and secret."""
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--port", str(port), "--data-dir", data_dir, "--log-level", "error"],
                               stdout=stdout, stderr=subprocess.DEVNULL, text=True)
    wait_for(port)
    creds = open(os.path.join(data_dir, "credentials")).read()
    key = re.search(r"aws_access_key_id = (\S+)", creds).group(1)
    secret = re.search(r"aws_secret_access_key = (\S+)", creds).group(1)
    return process, port, key, secret


def start_moto():
    """Starts moto_server on a free loopback port; returns the process and the port."""
    port = free_port()
    process = subprocess.Popen(["moto_server", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(port)
    return process, port


def poll(check, timeout, failure, interval=0.05):
    """The first truthy answer of `check()` within `timeout` seconds; exits with `failure` when none comes."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        answer = check()
        if answer:
            return answer
        time.sleep(interval)
    raise SystemExit(failure)


def gone(describe, missing):
    """A check for `poll`: true once `describe()` raises `missing` (the resource is deleted)."""
    def check():
        try:
            describe()
        except missing:
            return True
        return False
    return check


def stop_processes(processes):
    """Terminates what a benchmark started, killing what does not stop in time."""
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway", help="slipway binary (build with: swift build -c release --product slipway)")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    for tool in ("wrk", "moto_server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install wrk / pip install 'moto[server]'")

    data_dir = tempfile.mkdtemp(prefix="slipway-bench-")
    slipway, port, key, secret = start_slipway(args.slipway, data_dir, stdout=subprocess.PIPE)
    moto, moto_port = start_moto()
    try:

        # Warm up, then measure idle memory.
        wrk(port, signed_headers(port, key, secret), 4, 2, 1)
        time.sleep(2)
        idle = rss_kib(slipway.pid)

        stop, peak = threading.Event(), []
        sampler = threading.Thread(target=sample_peak_rss, args=(slipway.pid, stop, peak))
        sampler.start()
        s_rps, s_p99, s_errors, s_out = wrk(port, signed_headers(port, key, secret), args.connections, args.duration, args.threads)
        stop.set()
        sampler.join()

        wrk(moto_port, signed_headers(moto_port, "testing", "testing"), 4, 2, 1)
        m_rps, m_p99, m_errors, _ = wrk(moto_port, signed_headers(moto_port, "testing", "testing"), args.connections, args.duration, args.threads)

        print(f"GetCallerIdentity, {args.connections} connections, {args.duration}s each, wrk -t{args.threads}")
        print(f"slipway: {s_rps:10.0f} req/s   p99 {s_p99:7.2f} ms   non-2xx {s_errors}")
        print(f"moto:    {m_rps:10.0f} req/s   p99 {m_p99:7.2f} ms   non-2xx {m_errors}")
        print(f"ratio:   {s_rps / m_rps:10.1f}x")
        print(f"slipway RSS: idle {idle / 1024:.1f} MiB, under load (peak) {peak[0] / 1024:.1f} MiB")
        if s_errors:
            print(s_out)
    finally:
        stop_processes((slipway, moto))
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
