#!/usr/bin/env python3
"""PutEvents throughput on Slipway with 100 rules on the bus: each rule matches one band of `detail.score` (numeric
ranges) from one source, and targets a SageMaker pipeline given no role (a delivery that is stored, attempted once and
kept as failed, since EventBridge cannot start a pipeline without one), so every event is matched by exactly one rule
and attempted once. Clients send batches of 10 entries from several threads for a fixed time; the figure is events
accepted and matched per second, checked against the deliveries attempted at the end. All traffic stays on loopback; the run is bounded in time.
"""

import argparse
import concurrent.futures
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time

import boto3
import botocore.config
import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import start_slipway, stop_processes  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--rules", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="slipway-events-bench-")
    slipway, port, key, secret = start_slipway(args.slipway, os.path.join(work, "data"))
    try:
        config = botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=64)
        endpoint = f"http://127.0.0.1:{port}"
        make = lambda: boto3.client("events", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,  # noqa: E731
                                    aws_secret_access_key=secret, config=config)
        events = make()
        account = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
                               aws_secret_access_key=secret).get_caller_identity()["Account"]
        for i in range(args.rules):
            events.put_rule(Name=f"band-{i}", EventPattern=json.dumps({
                "source": ["bench.scores"], "detail-type": ["Score"], "detail": {"score": [{"numeric": [">=", i * 10, "<", (i + 1) * 10]}]}}))
            events.put_targets(Rule=f"band-{i}", Targets=[{"Id": "train", "Arn": f"arn:aws:sagemaker:us-east-1:{account}:pipeline/band-{i}"}])

        stop = time.perf_counter() + args.seconds
        lock = threading.Lock()
        totals = {"accepted": 0, "failed": 0, "calls": 0}

        def send(_):
            client = make()
            rng = random.Random()
            accepted = failed = calls = 0
            while time.perf_counter() < stop:
                entries = [{"Source": "bench.scores", "DetailType": "Score", "Detail": json.dumps({"score": rng.uniform(0, args.rules * 10 - 0.001)})}
                           for _ in range(10)]
                result = client.put_events(Entries=entries)
                failed += result["FailedEntryCount"]
                accepted += 10 - result["FailedEntryCount"]
                calls += 1
            with lock:
                totals["accepted"] += accepted
                totals["failed"] += failed
                totals["calls"] += calls

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.threads) as pool:
            list(pool.map(send, range(args.threads)))
        elapsed = time.perf_counter() - started

        # Every accepted event is matched by one rule: its delivery is kept as failed once the engine has attempted it.
        deadline = time.time() + 120
        attempted = 0
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        while time.time() < deadline:
            request = AWSRequest(method="GET", url=f"{endpoint}/_slipway/events/deliveries?Status=failed")
            SigV4Auth(Credentials(key, secret), "slipway", "us-east-1").add_auth(request)
            attempted = len(requests.get(request.url, headers=dict(request.headers), timeout=60).json()["Deliveries"])
            if attempted >= totals["accepted"]:
                break
            time.sleep(1)
        rate = totals["accepted"] / elapsed
        print(f"PutEvents, {args.rules} rules (numeric bands), batches of 10 from {args.threads} threads for {elapsed:.1f} s:")
        print(f"  {totals['accepted']} events accepted and matched ({totals['failed']} refused) in {totals['calls']} calls: {rate:,.0f} events/s")
        print(f"  deliveries attempted afterwards: {attempted} (every matched event attempted once: {attempted == totals['accepted']})")
        if attempted != totals["accepted"]:
            raise SystemExit("matched events and attempted deliveries differ")
    finally:
        stop_processes((slipway,))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
