#!/usr/bin/env python3
"""From CreateTrainingJob to the job's own process running, on Slipway: each job's entrypoint prints the time it
starts (read back from /aws/sagemaker/TrainingJobs); the figure is that time minus the moment CreateTrainingJob was
sent, so it covers the request, the role's session, the channel download, the config files and the sandbox's start.
Jobs run one after another with a small input channel. p50 and p99. All traffic stays on loopback; every loop is
bounded.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

import boto3
import botocore.config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import percentile, start_slipway, stop_processes  # noqa: E402

ENTRYPOINT = ["python3", "-c", "import time, os; print('started', os.environ['TRAINING_JOB_NAME'], repr(time.time()), flush=True)"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--jobs", type=int, default=30)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="slipway-training-bench-")
    slipway, port, key, secret = start_slipway(args.slipway, os.path.join(work, "data"))
    try:
        config = botocore.config.Config(retries={"max_attempts": 1})
        make = lambda service: boto3.client(service, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",  # noqa: E731
                                            aws_access_key_id=key, aws_secret_access_key=secret, config=config)
        iam, s3, sm, logs = make("iam"), make("s3"), make("sagemaker"), make("logs")
        role = iam.create_role(RoleName="training", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        iam.put_role_policy(RoleName="training", PolicyName="s3", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        s3.create_bucket(Bucket="bench-data")
        s3.put_object(Bucket="bench-data", Key="train/data.csv", Body=b"1,0\n" * 1000)

        def run(index):
            name = f"bench-{index}"
            sent = time.time()
            sm.create_training_job(
                TrainingJobName=name, RoleArn=role, OutputDataConfig={"S3OutputPath": "s3://bench-data/output"},
                AlgorithmSpecification={"TrainingImage": "python:3.11", "TrainingInputMode": "File", "ContainerEntrypoint": ENTRYPOINT},
                InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bench-data/train"}}}],
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1}, StoppingCondition={"MaxRuntimeInSeconds": 60})
            deadline = sent + 60
            while time.time() < deadline:
                job = sm.describe_training_job(TrainingJobName=name)
                if job["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
                    break
                time.sleep(0.01)
            if job["TrainingJobStatus"] != "Completed":
                raise SystemExit(f"{name}: {job['TrainingJobStatus']} {job.get('FailureReason')}")
            found = logs.filter_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=f"{name}/", filterPattern=f'"started {name} "')["events"]
            return (float(found[0]["message"].split()[2]) - sent) * 1000

        run("warmup")
        latencies = [run(i) for i in range(args.jobs)]
        print("CreateTrainingJob -> the job's process running (role session, 4 KB channel, config files, sandbox, Python start):")
        print(f"  {args.jobs} jobs: p50 {statistics.median(latencies):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms, max {max(latencies):.1f} ms")
    finally:
        stop_processes((slipway,))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
