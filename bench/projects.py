#!/usr/bin/env python3
"""SageMaker projects from an S3 template against Slipway: CreateProject until DescribeProject says CreateCompleted
for a template with a bucket, a role and a policy (p50, p99 over sequential launches), then 50 launches at once
(all must complete, each once: no duplicate, no lost project). All traffic stays on loopback; every loop is bounded.
"""

import argparse
import concurrent.futures
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

TEMPLATE = """
Parameters:
  SageMakerProjectName: {Type: String}
  SageMakerProjectId: {Type: String}
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "sagemaker-${SageMakerProjectName}-${SageMakerProjectId}"}
  PipelineRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: sagemaker.amazonaws.com}, Action: "sts:AssumeRole"}]}
  PipelineAccess:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: artifacts
      Roles: [!Ref PipelineRole]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: !GetAtt Artifacts.Arn}]}
"""

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def clients(endpoint, key, secret):
    config = botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=64)
    make = lambda service: boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,  # noqa: E731
                                        aws_secret_access_key=secret, config=config)
    return make("s3"), make("iam"), make("sagemaker")


def launch(sm, name, url, role, poll=0.002, timeout=120):
    start = time.perf_counter()
    sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {"TemplateName": "bench", "TemplateURL": url, "RoleARN": role}}])
    deadline = start + timeout
    while time.perf_counter() < deadline:
        status = sm.describe_project(ProjectName=name)["ProjectStatus"]
        if status not in ("Pending", "CreateInProgress"):
            return status, (time.perf_counter() - start) * 1000
        time.sleep(poll)
    return "Timeout", (time.perf_counter() - start) * 1000



def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--sequential", type=int, default=30)
    parser.add_argument("--concurrent", type=int, default=50)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="slipway-projects-bench-")
    slipway, port, key, secret = start_slipway(args.slipway, os.path.join(work, "data"))
    try:
        endpoint = f"http://127.0.0.1:{port}"
        s3, iam, sm = clients(endpoint, key, secret)
        s3.create_bucket(Bucket="templates")
        s3.put_bucket_versioning(Bucket="templates", VersioningConfiguration={"Status": "Enabled"})
        s3.put_object(Bucket="templates", Key="bench.yaml", Body=TEMPLATE.encode())
        role = iam.create_role(RoleName="AmazonSageMakerProjectsLaunchRole", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="AmazonSageMakerProjectsLaunchRole", PolicyName="provision",
                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:*"], "Resource": "*"}]}))
        url = "https://templates.s3.us-east-1.amazonaws.com/bench.yaml"
        launch(sm, "warmup", url, role)

        sequential = []
        for i in range(args.sequential):
            status, ms = launch(sm, f"seq-{i}", url, role)
            if status != "CreateCompleted":
                raise SystemExit(f"seq-{i} ended {status}")
            sequential.append(ms)

        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrent) as pool:
            results = list(pool.map(lambda i: launch(sm, f"par-{i}", url, role, poll=0.02), range(args.concurrent)))
        wall = time.perf_counter() - start
        statuses = [status for status, _ in results]
        listed = []
        token = None
        while True:
            page = sm.list_projects(MaxResults=100, NameContains="par-", **({"NextToken": token} if token else {}))
            listed += [p["ProjectName"] for p in page["ProjectSummaryList"]]
            token = page.get("NextToken")
            if not token:
                break
        stacks = [s["StackName"] for s in boto3.client("cloudformation", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
                                                        aws_secret_access_key=secret).list_stacks(StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]
                  if s["StackName"].startswith("SageMaker-par-")]

        print(f"CreateProject -> CreateCompleted (bucket + role + policy), {args.sequential} sequential launches, polling every 2 ms:")
        print(f"  p50 {statistics.median(sequential):.1f} ms, p99 {percentile(sequential, 0.99):.1f} ms, max {max(sequential):.1f} ms")
        completed = statuses.count("CreateCompleted")
        print(f"{args.concurrent} launches at once: {completed} CreateCompleted, other {sorted(set(statuses) - {'CreateCompleted'})}, "
              f"wall {wall:.2f} s, per-launch p50 {statistics.median([ms for _, ms in results]):.0f} ms")
        print(f"  projects listed {len(listed)} (distinct {len(set(listed))}), stacks {len(stacks)} (distinct {len(set(stacks))})")
        if completed != args.concurrent or len(set(listed)) != args.concurrent or len(listed) != args.concurrent or len(set(stacks)) != args.concurrent:
            raise SystemExit("concurrent launches lost or duplicated a project")
    finally:
        stop_processes((slipway,))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
