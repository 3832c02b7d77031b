#!/usr/bin/env python3
"""A 4-step @step pipeline (preprocess → train → evaluate → condition → register, scikit-learn) written with the
SageMaker Python SDK v3, on Slipway: definition → upsert → start → wait, twice, each on a fresh server whose image
profiles' environments start empty (`--environments` in the run's own directory) the first time and are kept the
second, through the pip cache given. Reports each run's wall time and whether the second downloaded any package.
The SDK runs with its own interpreter (`--sdk-python`); telemetry is opted out and a refusing proxy keeps every
request on loopback. Bounded in time.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import free_port, stop_processes, wait_for  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "tests", "integration", "sdk", "step_pipeline.py")
IMAGE = "081325390199.dkr.ecr.us-east-1.amazonaws.com/sagemaker-base-python-311:1.0"


def run(binary, work, environments, pip_cache, sdk_python, label):
    data = os.path.join(work, f"data-{label}")
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--data-dir", data, "--log-level", "error", "--environments", environments,
                               "--pip-cache", pip_cache], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        creds = dict(line.split(" = ", 1) for line in open(os.path.join(data, "credentials")).read().splitlines() if " = " in line)
        key, secret = creds["aws_access_key_id"], creds["aws_secret_access_key"]
        make = lambda service: boto3.client(service, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",  # noqa: E731
                                            aws_access_key_id=key, aws_secret_access_key=secret)
        iam = make("iam")
        role = iam.create_role(RoleName="steps", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        iam.put_role_policy(RoleName="steps", PolicyName="work", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:*", "sagemaker:*"], "Resource": "*"}, {"Effect": "Allow", "Action": "iam:PassRole", "Resource": role}]}))
        make("s3").create_bucket(Bucket="step-bench")
        make("sagemaker").create_model_package_group(ModelPackageGroupName="step-bench")
        requirements = os.path.join(work, "requirements.txt")
        open(requirements, "w").write("scikit-learn>=1.5\n")
        config = os.path.join(work, "sdk.yaml")
        open(config, "w").write("SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n      TelemetryOptOut: true\n")
        environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_CONFIG_FILE": "/dev/null",
                       "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "SAGEMAKER_USER_CONFIG_OVERRIDE": config, "SAGEMAKER_ADMIN_CONFIG_OVERRIDE": config,
                       "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1,localhost"}
        started = time.perf_counter()
        done = subprocess.run([sdk_python, SCRIPT, "bench", role, IMAGE, "step-bench", "step-bench", requirements, "0.7"], env=environment,
                              capture_output=True, text=True, timeout=3600)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        outcome = json.loads(done.stdout.strip().splitlines()[-1])
        if outcome["status"] != "Succeeded":
            steps = make("sagemaker").list_pipeline_execution_steps(PipelineExecutionArn=outcome["arn"])["PipelineExecutionSteps"]
            raise SystemExit(f"the pipeline ended {outcome['status']}: " + "; ".join(f"{s['StepName']} {s['StepStatus']} {s.get('FailureReason', '')}" for s in steps))
        logs = make("logs")
        downloads = 0
        for group in ("/aws/sagemaker/TrainingJobs",):
            for stream in logs.describe_log_streams(logGroupName=group)["logStreams"]:
                events = logs.get_log_events(logGroupName=group, logStreamName=stream["logStreamName"])["events"]
                downloads += sum(1 for e in events if e["message"].strip().startswith("Downloading "))
        return elapsed, downloads, outcome
    finally:
        stop_processes((server,))
        shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--sdk-python", default=os.path.expanduser("~/.cache/slipway-test/sdk/bin/python"))
    parser.add_argument("--pip-cache", default=os.path.expanduser("~/.cache/pip"))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="slipway-step-bench-")
    environments = os.path.join(work, "environments")
    try:
        first, first_downloads, outcome = run(args.slipway, work, environments, args.pip_cache, args.sdk_python, "first")
        second, second_downloads, _ = run(args.slipway, work, environments, args.pip_cache, args.sdk_python, "second")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("@step pipeline (preprocess, train, evaluate, condition, register; scikit-learn), upsert → start → Succeeded:")
    print(f"  first run {first:.1f} s (builds the sagemaker-base-python-311 profile's environment), accuracy {outcome['accuracy']:.3f}")
    print(f"  second run {second:.1f} s; packages downloaded by the jobs: first {first_downloads}, second {second_downloads}")
    if second_downloads:
        raise SystemExit("the second run downloaded packages again")


if __name__ == "__main__":
    main()
