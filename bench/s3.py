#!/usr/bin/env python3
"""S3 against Slipway and moto_server in one run, with the same signed requests:
1 KiB PUT and GET (ops/s, p99 at 32 connections via wrk), HEAD of that object by ApacheBench (HTTP/1.0, a new
connection per request, as `ab -i` sends it), ListObjectsV2 over 1,000 keys,
and single-stream PUT/GET of a 256 MiB object (MiB/s via curl on presigned URLs) with Slipway's peak RSS.
All traffic stays on loopback and every load is bounded in time.
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import boto3
import botocore.config
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import rss_kib, sample_peak_rss, start_moto, start_slipway, stop_processes  # noqa: E402


def signed(method, url, key, secret, body=b""):
    request = AWSRequest(method=method, url=url, data=body, headers={"x-amz-content-sha256": hashlib.sha256(body).hexdigest()})
    S3SigV4Auth(Credentials(key, secret), "s3", "us-east-1").add_auth(request)
    return dict(request.headers.items())


def wrk(url, method, headers, body, connections, duration):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(f'wrk.method = "{method}"\n')
    if body:
        script.write(f'wrk.body = "{body.decode()}"\n')
    for name, value in headers.items():
        script.write(f'wrk.headers["{name}"] = "{value}"\n')
    script.close()
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name, url],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)], int(errors.group(1)) if errors else 0


def apache_bench(url, headers, connections, duration):
    """HEAD requests from ApacheBench for `duration` seconds: (requests/s, p99 ms, failed)."""
    arguments = ["ab", "-i", "-q", "-t", str(duration), "-n", "2000000", "-c", str(connections)]
    for name, value in headers.items():
        arguments += ["-H", f"{name}: {value}"]
    out = subprocess.run(arguments + [url], capture_output=True, text=True, timeout=duration + 60).stdout
    rps = float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1))
    p99 = float(re.search(r"^\s*99%\s+(\d+)", out, re.MULTILINE).group(1))
    failed = int(re.search(r"Failed requests:\s+(\d+)", out).group(1)) + int((re.search(r"Non-2xx responses:\s+(\d+)", out) or [0, 0])[1])
    return rps, p99, failed


def client(endpoint, key, secret):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(signature_version="s3v4", s3={"addressing_style": "path"}))


def measure(name, endpoint, key, secret, pid, args, big_file):
    s3 = client(endpoint, key, secret)
    s3.create_bucket(Bucket="bench")
    body = b"x" * 1024
    s3.put_object(Bucket="bench", Key="small", Body=body)
    results = {}
    put_url = f"{endpoint}/bench/small"
    results["put"] = wrk(put_url, "PUT", signed("PUT", put_url, key, secret, body), body, args.connections, args.duration)
    results["get"] = wrk(put_url, "GET", signed("GET", put_url, key, secret), b"", args.connections, args.duration)
    results["head"] = apache_bench(put_url, signed("HEAD", put_url, key, secret), args.connections, args.duration)
    for i in range(1000):
        s3.put_object(Bucket="bench", Key=f"list/{i:04d}", Body=b"x")
    list_url = f"{endpoint}/bench?list-type=2&prefix=list%2F"
    results["list"] = wrk(list_url, "GET", signed("GET", list_url, key, secret), b"", 4, args.duration)

    peak = []
    stop = threading.Event()
    sampler = threading.Thread(target=sample_peak_rss, args=(pid, stop, peak)) if pid else None
    before = rss_kib(pid) if pid else 0
    if sampler:
        sampler.start()
    size_mib = os.path.getsize(big_file) / (1024 * 1024)
    put = s3.generate_presigned_url("put_object", Params={"Bucket": "bench", "Key": "big"}, ExpiresIn=600)
    start = time.time()
    subprocess.run(["curl", "-s", "-f", "-X", "PUT", "-T", big_file, "-o", "/dev/null", put], check=True, timeout=600)
    results["put_mib_s"] = size_mib / (time.time() - start)
    get = s3.generate_presigned_url("get_object", Params={"Bucket": "bench", "Key": "big"}, ExpiresIn=600)
    start = time.time()
    subprocess.run(["curl", "-s", "-f", "-o", "/dev/null", get], check=True, timeout=600)
    results["get_mib_s"] = size_mib / (time.time() - start)
    if sampler:
        stop.set()
        sampler.join()
        results["rss_growth_mib"] = (peak[0] - before) / 1024
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--big-mib", type=int, default=256)
    args = parser.parse_args()
    for tool in ("wrk", "ab", "moto_server", "curl"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing")
    work = tempfile.mkdtemp(prefix="slipway-s3-bench-")
    big_file = os.path.join(work, "big.bin")
    with open(big_file, "wb") as f:
        for _ in range(args.big_mib):
            f.write(os.urandom(1024 * 1024))
    slipway, port, key, secret = start_slipway(args.slipway, os.path.join(work, "data"))
    moto, moto_port = start_moto()
    try:
        ours = measure("slipway", f"http://127.0.0.1:{port}", key, secret, slipway.pid, args, big_file)
        theirs = measure("moto", f"http://127.0.0.1:{moto_port}", "testing", "testing", None, args, big_file)
        print(f"S3, {args.connections} connections for 1 KiB PUT/GET, 4 for ListObjectsV2 over 1,000 keys, {args.duration}s each")
        for label, field in (("PUT 1 KiB", "put"), ("GET 1 KiB", "get"), ("HEAD (ab, HTTP/1.0)", "head"), ("ListObjectsV2 1,000", "list")):
            o, t = ours[field], theirs[field]
            print(f"{label:20s} slipway {o[0]:9.0f}/s p99 {o[1]:7.2f} ms err {o[2]} | moto {t[0]:8.0f}/s p99 {t[1]:8.2f} ms | {o[0] / t[0]:5.1f}x")
        print(f"{args.big_mib} MiB PUT: slipway {ours['put_mib_s']:.0f} MiB/s, moto {theirs['put_mib_s']:.0f} MiB/s")
        print(f"{args.big_mib} MiB GET: slipway {ours['get_mib_s']:.0f} MiB/s, moto {theirs['get_mib_s']:.0f} MiB/s")
        print(f"slipway RSS growth during the large transfers: {ours['rss_growth_mib']:.1f} MiB")
    finally:
        stop_processes((slipway, moto))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
