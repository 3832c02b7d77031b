#!/usr/bin/env python3
"""Managed MLflow on Slipway: CreateMlflowTrackingServer until DescribeMlflowTrackingServer says Created, with the
MLflow environment already installed and the server idle (p50, p99 over several servers, each deleted before the next
and the server left to settle — its spare launcher loaded — before each create); then one
`LogMetric` call through Slipway (SigV4-signed, authorized, proxied) against the same call sent straight to the same
`mlflow server` on its Unix socket (p50, p99 each, and the difference), and `mlflow.log_metric` end to end through
the `sagemaker-mlflow` plugin for scale. All traffic stays on loopback; every wait is bounded.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import free_port, gone, percentile, poll, stop_processes, wait_for  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
MLFLOW_PYTHON = os.path.expanduser("~/.cache/slipway-test/mlflow/bin/python")


class UnixConnection(http.client.HTTPConnection):
    """HTTP over a Unix socket, as Slipway itself reaches an MLflow server."""

    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def serving_sockets(server_id):
    """The host path of the socket the MLflow process of `server_id` listens on: its sandbox mounts the server's state
    directory at /opt/mlflow/state and its socket directory at /run/mlflow (as /proc/PID/mountinfo shows)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            lines = open(f"/proc/{entry}/mountinfo").read().splitlines()
        except OSError:
            continue
        if not any(f"/mlflow/{server_id} /opt/mlflow/state " in line for line in lines):
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 4 and fields[4] == "/run/mlflow":
                found.add(os.path.join(fields[3], "mlflow.sock"))
    return sorted(path for path in found if os.path.exists(path))


def wait_created(sm, name, timeout=900):
    def check():
        described = sm.describe_mlflow_tracking_server(TrackingServerName=name)
        return described if described["TrackingServerStatus"] in ("Created", "CreateFailed") else None
    return poll(check, timeout, f"{name} did not become Created within {timeout} s")


def wait_gone(sm, name, timeout=120):
    poll(gone(lambda: sm.describe_mlflow_tracking_server(TrackingServerName=name), sm.exceptions.ResourceNotFound), timeout,
         f"{name} was not deleted within {timeout} s", interval=0.1)


def timed_calls(send, count):
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        send()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway", help="slipway binary (build with: swift build -c release --product slipway)")
    parser.add_argument("--servers", type=int, default=7, help="tracking servers created one after another")
    parser.add_argument("--calls", type=int, default=500, help="LogMetric calls each way")
    parser.add_argument("--settle", type=float, default=15, help="seconds to let the server go idle before each measurement")
    parser.add_argument("--environments", default=os.path.expanduser("~/.cache/slipway-test/environments"))
    parser.add_argument("--pip-cache", default=os.path.expanduser("~/.cache/pip"))
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="slipway-bench-mlflow-")
    port = free_port()
    process = subprocess.Popen([args.slipway, "serve", "--port", str(port), "--data-dir", data, "--log-level", "error",
                                "--environments", args.environments, "--pip-cache", args.pip_cache],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    try:
        wait_for(port)
        creds = open(os.path.join(data, "credentials")).read()
        key = creds.split("aws_access_key_id = ")[1].split()[0]
        secret = creds.split("aws_secret_access_key = ")[1].split()[0]
        endpoint = f"http://127.0.0.1:{port}"
        session = boto3.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1")
        config = botocore.config.Config(retries={"max_attempts": 1})
        iam, s3, sm = (session.client(name, endpoint_url=endpoint, config=config) for name in ("iam", "s3", "sagemaker"))
        role = iam.create_role(RoleName="mlflow", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="mlflow", PolicyName="s3", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        s3.create_bucket(Bucket="artifacts")

        # The first server installs the environment (once per machine through the shared directory); not measured.
        start = time.time()
        sm.create_mlflow_tracking_server(TrackingServerName="warm-up", ArtifactStoreUri="s3://artifacts/warm", RoleArn=role)
        if wait_created(sm, "warm-up")["TrackingServerStatus"] != "Created":
            raise SystemExit("the warm-up server failed to start")
        print(f"first server (environment install included when new): {time.time() - start:.1f} s")
        sm.delete_mlflow_tracking_server(TrackingServerName="warm-up")
        wait_gone(sm, "warm-up")

        creates = []
        for index in range(args.servers):
            name = f"bench-{index}"
            # Each create meets an idle server, as a user's does: the spare launcher started after the last one has loaded.
            time.sleep(args.settle)
            start = time.perf_counter()
            sm.create_mlflow_tracking_server(TrackingServerName=name, ArtifactStoreUri=f"s3://artifacts/{name}", RoleArn=role)
            described = wait_created(sm, name)
            creates.append(time.perf_counter() - start)
            if described["TrackingServerStatus"] != "Created":
                raise SystemExit(f"{name} failed to start")
            if index < args.servers - 1:
                sm.delete_mlflow_tracking_server(TrackingServerName=name)
                wait_gone(sm, name)
        print(f"create -> Created ({args.servers} servers): p50 {percentile(creates, 0.5):.2f} s, p99 {percentile(creates, 0.99):.2f} s")

        time.sleep(args.settle)
        # One server serves both ways of sending the same LogMetric call.
        name = f"bench-{args.servers - 1}"
        described = sm.describe_mlflow_tracking_server(TrackingServerName=name)
        arn = described["TrackingServerArn"]
        server_id = described["TrackingServerUrl"].rstrip("/").rsplit("/", 1)[-1]
        sockets = serving_sockets(server_id)
        if len(sockets) != 1:
            raise SystemExit(f"cannot find the MLflow server's socket: {sockets}")
        direct = UnixConnection(sockets[0])

        def call_direct(path, body):
            direct.request("POST", path, body=body, headers={"Content-Type": "application/json", "Host": "localhost"})
            response = direct.getresponse()
            payload = response.read()
            if response.status != 200:
                raise SystemExit(f"direct call failed: {response.status} {payload[:200]}")
            return json.loads(payload or b"{}")

        experiment = call_direct("/api/2.0/mlflow/experiments/create", json.dumps({"name": "bench"}))["experiment_id"]
        run_id = call_direct("/api/2.0/mlflow/runs/create", json.dumps({"experiment_id": experiment}))["run"]["info"]["run_id"]
        body = json.dumps({"run_id": run_id, "key": "loss", "value": 0.5, "timestamp": int(time.time() * 1000), "step": 1})

        proxied = http.client.HTTPConnection("127.0.0.1", port)
        signer = botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret), "sagemaker-mlflow", "us-east-1")
        url = f"{endpoint}/api/2.0/mlflow/runs/log-metric"

        def signed_headers():
            request = botocore.awsrequest.AWSRequest(method="POST", url=url, data=body, headers={
                "Content-Type": "application/json", "x-mlflow-sm-tracking-server-arn": arn})
            signer.add_auth(request)
            return dict(request.headers.items())

        def call_proxied(headers):
            proxied.request("POST", "/api/2.0/mlflow/runs/log-metric", body=body, headers=headers)
            response = proxied.getresponse()
            payload = response.read()
            if response.status != 200:
                raise SystemExit(f"proxied call failed: {response.status} {payload[:300]}")

        for _ in range(50):  # warm both paths
            call_direct("/api/2.0/mlflow/runs/log-metric", body)
            call_proxied(signed_headers())
        direct_ms = timed_calls(lambda: call_direct("/api/2.0/mlflow/runs/log-metric", body), args.calls)
        proxied_ms = []
        for _ in range(args.calls):
            headers = signed_headers()  # signing is the client's work, outside the measured round trip
            start = time.perf_counter()
            call_proxied(headers)
            proxied_ms.append((time.perf_counter() - start) * 1000)
        d50, p50 = percentile(direct_ms, 0.5), percentile(proxied_ms, 0.5)
        print(f"LogMetric direct to mlflow server:  p50 {d50:.2f} ms, p99 {percentile(direct_ms, 0.99):.2f} ms")
        print(f"LogMetric through Slipway (signed): p50 {p50:.2f} ms, p99 {percentile(proxied_ms, 0.99):.2f} ms")
        print(f"proxy adds at p50: {p50 - d50:.2f} ms (LogMetric's own time is mostly SQLite's commit, which varies)")

        # A read MLflow answers quickly shows the proxy's own cost more sharply (a new connection: uvicorn closes idle ones).
        direct = UnixConnection(sockets[0])
        query = f"/api/2.0/mlflow/experiments/get?experiment_id={experiment}"
        read_url = f"{endpoint}{query}"

        def read_direct():
            direct.request("GET", query, headers={"Host": "localhost"})
            response = direct.getresponse()
            response.read()

        def read_headers():
            request = botocore.awsrequest.AWSRequest(method="GET", url=read_url, headers={"x-mlflow-sm-tracking-server-arn": arn})
            signer.add_auth(request)
            return dict(request.headers.items())

        def read_proxied(headers):
            proxied.request("GET", query, headers=headers)
            response = proxied.getresponse()
            if response.status != 200:
                raise SystemExit(f"proxied read failed: {response.status} {response.read()[:300]}")
            response.read()

        for _ in range(50):
            read_direct()
            read_proxied(read_headers())
        reads_direct = timed_calls(read_direct, args.calls)
        reads_proxied = []
        for _ in range(args.calls):
            headers = read_headers()
            start = time.perf_counter()
            read_proxied(headers)
            reads_proxied.append((time.perf_counter() - start) * 1000)
        r50, q50 = percentile(reads_direct, 0.5), percentile(reads_proxied, 0.5)
        print(f"GetExperiment direct: p50 {r50:.2f} ms; through Slipway: p50 {q50:.2f} ms; proxy adds {q50 - r50:.2f} ms")

        if os.path.exists(MLFLOW_PYTHON):
            script = (
                "import mlflow, time, statistics\n"
                f"mlflow.set_tracking_uri('{arn}')\n"
                "run = mlflow.start_run()\n"
                "samples = []\n"
                "for step in range(200):\n"
                "    start = time.perf_counter(); mlflow.log_metric('loss', 1.0 / (step + 1), step=step); samples.append((time.perf_counter() - start) * 1000)\n"
                "mlflow.end_run()\n"
                "print(f'mlflow.log_metric through the plugin: p50 {statistics.median(samples):.2f} ms')\n"
            )
            env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "MLFLOW_DISABLE_TELEMETRY": "true",
                   "DO_NOT_TRACK": "true", "SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT": endpoint, "AWS_ENDPOINT_URL": endpoint,
                   "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": "us-east-1",
                   "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
            result = subprocess.run([MLFLOW_PYTHON, "-c", script], env=env, capture_output=True, text=True, timeout=600)
            print(result.stdout.strip() or result.stderr[-500:])
    finally:
        stop_processes([process])
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
