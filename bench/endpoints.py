#!/usr/bin/env python3
"""SageMaker endpoints on Slipway: CreateEndpoint until DescribeEndpoint says InService with the XGBoost image's
environment already built (p50, p99 over several endpoints, each deleted before the next); then `InvokeEndpoint` with
one CSV row at 16 connections (wrk), sent straight to the model server on its loopback port and through Slipway
(SigV4-signed, authorized, routed), p50 and requests per second each way and the difference, at saturation, with one
connection, and with the 16 connections paced below saturation; then the same load
through Slipway while `UpdateEndpoint` moves the endpoint blue/green to a new configuration, counting failed
invocations. All traffic stays on loopback; every wait and every load is bounded.
"""

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

import boto3
import botocore.config
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import free_port, gone, percentile, poll, stop_processes, wait_for  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
ROW = "0.5,-1.0,1.5,0.25"
TRAIN = r'''
import numpy as np, xgboost as xgb
rng = np.random.default_rng(1)
x = rng.uniform(-2, 2, size=(500, 4))
y = 2 * x[:, 0] - x[:, 1] + 0.5 * x[:, 2] * x[:, 3]
xgb.train({"objective": "reg:squarederror", "max_depth": 4}, xgb.DMatrix(x, label=y), num_boost_round=50).save_model("/opt/ml/model/xgboost-model")
'''


def wrk(url, headers, body, connections, duration, threads=2, pause_ms=None):
    """wrk's requests per second, p50 and p99 (ms), and how many requests failed (non-2xx or socket errors). With
    `pause_ms`, each connection waits that long after an answer before its next request, which keeps the load below
    saturation."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write('wrk.method = "POST"\n')
    if pause_ms is not None:
        script.write(f"function delay() return {pause_ms} end\n")
    script.write(f'wrk.body = "{body}"\n')
    for name, value in headers.items():
        script.write(f'wrk.headers["{name}"] = "{value}"\n')
    script.close()
    threads = max(1, min(threads, connections))
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name, url],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    os.unlink(script.name)

    def latency(label):
        found = re.search(label + r"\s+([\d.]+)(us|ms|s)", out)
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    failed = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        failed += sum(int(n) for n in errors.groups())
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), latency("50%"), latency("99%"), failed, requests


def cpu_seconds(pid):
    """User plus system CPU time the process has used, from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_status(sm, name, wanted, timeout=900):
    def check():
        described = sm.describe_endpoint(EndpointName=name)
        return described if described["EndpointStatus"] in wanted else None
    return poll(check, timeout, f"{name} did not reach {wanted} within {timeout} s", interval=0.02)


def wait_gone(sm, name, timeout=120):
    poll(gone(lambda: sm.describe_endpoint(EndpointName=name), sm.exceptions.ClientError), timeout, f"{name} was not deleted within {timeout} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway", help="slipway binary (build with: swift build -c release --product slipway)")
    parser.add_argument("--endpoints", type=int, default=7, help="endpoints created one after another")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk load")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--pause", type=int, default=20, help="ms each connection waits between requests in the paced run")
    parser.add_argument("--environments", default=os.path.expanduser("~/.cache/slipway-test/environments"))
    parser.add_argument("--pip-cache", default=os.path.expanduser("~/.cache/pip"))
    args = parser.parse_args()
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        sys.exit("wrk is missing: apt-get install wrk")

    data = tempfile.mkdtemp(prefix="slipway-bench-endpoints-")
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
        iam, s3, sm, logs = (session.client(name, endpoint_url=endpoint, config=config) for name in ("iam", "s3", "sagemaker", "logs"))
        role = iam.create_role(RoleName="hosting", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="hosting", PolicyName="s3", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        s3.create_bucket(Bucket="models")

        # The model: a training job on the XGBoost image (its environment is built here the first time; not measured).
        start = time.time()
        sm.create_training_job(
            TrainingJobName="bench-model", RoleArn=role, AlgorithmSpecification={
                "TrainingImage": XGBOOST, "TrainingInputMode": "File", "ContainerEntrypoint": ["python3", "-c", TRAIN]},
            OutputDataConfig={"S3OutputPath": "s3://models/out"}, ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
            StoppingCondition={"MaxRuntimeInSeconds": 3600})
        while sm.describe_training_job(TrainingJobName="bench-model")["TrainingJobStatus"] == "InProgress":
            if time.time() - start > 3600:
                raise SystemExit("training did not finish")
            time.sleep(1)
        job = sm.describe_training_job(TrainingJobName="bench-model")
        if job["TrainingJobStatus"] != "Completed":
            raise SystemExit(f"training failed: {job.get('FailureReason')}")
        model_url = job["ModelArtifacts"]["S3ModelArtifacts"]
        print(f"model trained (environment build included when new): {time.time() - start:.1f} s")

        for name in ("blue", "green"):
            sm.create_model(ModelName=name, ExecutionRoleArn=role, PrimaryContainer={"Image": XGBOOST, "ModelDataUrl": model_url})
            sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[
                {"VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])

        creates = []
        for index in range(args.endpoints + 1):
            name = f"bench-{index}"
            start = time.perf_counter()
            sm.create_endpoint(EndpointName=name, EndpointConfigName="blue")
            if wait_status(sm, name, {"InService", "Failed"})["EndpointStatus"] != "InService":
                raise SystemExit(f"{name} failed: {sm.describe_endpoint(EndpointName=name).get('FailureReason')}")
            if index > 0:  # the first one warms the page cache; not measured
                creates.append(time.perf_counter() - start)
            sm.delete_endpoint(EndpointName=name)
            wait_gone(sm, name)
        print(f"CreateEndpoint -> InService ({args.endpoints} endpoints, warm profile): p50 {percentile(creates, 0.5):.2f} s, "
              f"p99 {percentile(creates, 0.99):.2f} s")

        sm.create_endpoint(EndpointName="bench", EndpointConfigName="blue")
        wait_status(sm, "bench", {"InService"})
        streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/Endpoints/bench")["logStreams"]
        model_port = None
        for stream in streams:
            for event in logs.get_log_events(logGroupName="/aws/sagemaker/Endpoints/bench", logStreamName=stream["logStreamName"])["events"]:
                found = re.search(r"listening on 127\.0\.0\.1:(\d+)", event["message"])
                if found:
                    model_port = int(found.group(1))
        if model_port is None:
            raise SystemExit("cannot find the model server's port in the endpoint's log")

        url = f"{endpoint}/endpoints/bench/invocations"
        request = AWSRequest(method="POST", url=url, data=ROW, headers={"Content-Type": "text/csv"})
        SigV4Auth(Credentials(key, secret), "sagemaker", "us-east-1").add_auth(request)
        signed = dict(request.headers.items())
        direct_headers = {"Content-Type": "text/csv"}
        wrk(f"http://127.0.0.1:{model_port}/invocations", direct_headers, ROW, 4, 2)
        wrk(url, signed, ROW, 4, 2)
        d_rps, d50, d99, d_failed, _ = wrk(f"http://127.0.0.1:{model_port}/invocations", direct_headers, ROW, args.connections, args.duration)
        cpu_before = cpu_seconds(process.pid)
        s_rps, s50, s99, s_failed, s_requests = wrk(url, signed, ROW, args.connections, args.duration)
        cpu_per_call = (cpu_seconds(process.pid) - cpu_before) * 1000 / max(s_requests, 1)
        print(f"InvokeEndpoint, one CSV row, {args.connections} connections, {args.duration} s each:")
        print(f"  straight to the model server: {d_rps:.0f} req/s, p50 {d50:.2f} ms, p99 {d99:.2f} ms, failed {d_failed}")
        print(f"  through Slipway (signed):     {s_rps:.0f} req/s, p50 {s50:.2f} ms, p99 {s99:.2f} ms, failed {s_failed}")
        print(f"  Slipway adds at p50: {s50 - d50:.2f} ms (at saturation on this machine: the model server, Slipway and wrk share its "
              f"{os.cpu_count()} CPUs); Slipway's CPU per invocation: {cpu_per_call:.3f} ms")
        # One connection: the path's own latency, with nothing queued behind it.
        _, d50, _, _, _ = wrk(f"http://127.0.0.1:{model_port}/invocations", direct_headers, ROW, 1, args.duration)
        _, s50, _, _, _ = wrk(url, signed, ROW, 1, args.duration)
        print(f"  one connection: straight p50 {d50:.2f} ms, through Slipway p50 {s50:.2f} ms; Slipway adds {s50 - d50:.2f} ms")
        # Below saturation: the same 16 connections, each pausing after every answer, so the CPUs are not all busy
        # and the difference is the path's latency rather than its share of the CPUs.
        d_rps, d50, _, _, _ = wrk(f"http://127.0.0.1:{model_port}/invocations", direct_headers, ROW, args.connections, args.duration, pause_ms=args.pause)
        s_rps, s50, _, _, _ = wrk(url, signed, ROW, args.connections, args.duration, pause_ms=args.pause)
        print(f"  {args.connections} connections, each pausing {args.pause} ms after an answer: straight {d_rps:.0f} req/s, p50 {d50:.2f} ms; "
              f"through Slipway {s_rps:.0f} req/s, p50 {s50:.2f} ms; Slipway adds {s50 - d50:.2f} ms")

        # UpdateEndpoint under the same load: every invocation must be answered.
        result = []
        load = threading.Thread(target=lambda: result.append(wrk(url, signed, ROW, args.connections, max(args.duration, 20))))
        load.start()
        time.sleep(2)
        start = time.perf_counter()
        sm.update_endpoint(EndpointName="bench", EndpointConfigName="green")
        wait_status(sm, "bench", {"InService"})
        moved = time.perf_counter() - start
        load.join()
        rps, _, u99, failed, requests = result[0]
        described = sm.describe_endpoint(EndpointName="bench")
        print(f"UpdateEndpoint under load: InService on {described['EndpointConfigName']} after {moved:.2f} s; "
              f"{requests} invocations, {failed} failed, {rps:.0f} req/s, p99 {u99:.2f} ms")
    finally:
        stop_processes([process])
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
