#!/usr/bin/env python3
"""CloudFormation against Slipway and moto_server in one run, on the same 40-resource S3/IAM template:
ValidateTemplate latency (and, for scale, a whole cfn-lint run on the same file), and CreateStack until
CREATE_COMPLETE as DescribeStacks reports it (p50 and max over several stacks), then DeleteStack until gone.
All traffic stays on loopback; every loop is bounded in count.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import boto3
import botocore.config
import botocore.exceptions

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import percentile, start_moto, start_slipway, stop_processes  # noqa: E402

TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def template():
    """20 buckets, 10 roles, 5 managed policies attached to them and 5 inline policies: 40 resources."""
    resources = {}
    for i in range(20):
        resources[f"Bucket{i:02}"] = {"Type": "AWS::S3::Bucket", "Properties": {
            "VersioningConfiguration": {"Status": "Enabled"}, "Tags": [{"Key": "index", "Value": str(i)}]}}
    for i in range(10):
        resources[f"Role{i}"] = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": TRUST}}
    for i in range(5):
        resources[f"Managed{i}"] = {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": "${Bucket%02d.Arn}/*" % i}}]},
            "Roles": [{"Ref": f"Role{i}"}, {"Ref": f"Role{i + 5}"}]}}
        resources[f"Inline{i}"] = {"Type": "AWS::IAM::Policy", "Properties": {
            "PolicyName": f"write-{i}", "Roles": [{"Ref": f"Role{i}"}],
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:PutObject", "Resource": {"Fn::Sub": "${Bucket%02d.Arn}/*" % (i + 10)}}]}}}
    outputs = {f"Role{i}Arn": {"Value": {"Fn::GetAtt": [f"Role{i}", "Arn"]}} for i in range(10)}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Description": "Benchmark: 40 S3 and IAM resources",
                       "Resources": resources, "Outputs": outputs}, indent=1)


def client(endpoint, key, secret):
    return boto3.client("cloudformation", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 1}))



def measure(endpoint, key, secret, body, validations, stacks):
    cfn = client(endpoint, key, secret)
    cfn.validate_template(TemplateBody=body)  # warm up
    validate = []
    for _ in range(validations):
        start = time.perf_counter()
        cfn.validate_template(TemplateBody=body)
        validate.append((time.perf_counter() - start) * 1000)
    create, delete, failures = [], [], []
    for i in range(stacks):
        name = f"bench-{i}"
        start = time.perf_counter()
        cfn.create_stack(StackName=name, TemplateBody=body, Capabilities=["CAPABILITY_IAM"])
        deadline = start + 120
        while True:
            status = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
            if status != "CREATE_IN_PROGRESS" or time.perf_counter() > deadline:
                break
            time.sleep(0.002)
        if status != "CREATE_COMPLETE":
            raise SystemExit(f"{endpoint}: stack {name} ended {status}")
        create.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        stack_id = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
        try:
            cfn.delete_stack(StackName=name)
        except botocore.exceptions.ClientError as error:  # moto cannot delete a role before detaching its policies
            failures.append(f"DeleteStack: {error}")
            continue
        while time.perf_counter() < start + 120:
            stacks_now = cfn.describe_stacks(StackName=stack_id)["Stacks"]
            if not stacks_now or stacks_now[0]["StackStatus"] != "DELETE_IN_PROGRESS":
                break
            time.sleep(0.002)
        if stacks_now and stacks_now[0]["StackStatus"] != "DELETE_COMPLETE":
            failures.append(f"DeleteStack ended {stacks_now[0]['StackStatus']}")
            continue
        delete.append((time.perf_counter() - start) * 1000)
    return {"validate": validate, "create": create, "delete": delete, "failures": failures}


def cfn_lint(path, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["cfn-lint", path], capture_output=True, timeout=300)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--validations", type=int, default=200)
    parser.add_argument("--stacks", type=int, default=15)
    parser.add_argument("--lint-runs", type=int, default=3)
    args = parser.parse_args()
    for tool in ("moto_server", "cfn-lint"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (pip install 'moto[server]' cfn-lint)")
    work = tempfile.mkdtemp(prefix="slipway-cfn-bench-")
    body = template()
    path = os.path.join(work, "template.json")
    with open(path, "w") as f:
        f.write(body)
    slipway, port, key, secret = start_slipway(args.slipway, os.path.join(work, "data"))
    moto, moto_port = start_moto()
    try:
        ours = measure(f"http://127.0.0.1:{port}", key, secret, body, args.validations, args.stacks)
        theirs = measure(f"http://127.0.0.1:{moto_port}", "testing", "testing", body, args.validations, args.stacks)
        lint = cfn_lint(path, args.lint_runs)
        print(f"40-resource S3/IAM template ({len(body):,} bytes); {args.validations} validations, {args.stacks} stacks each")
        for label, field in (("ValidateTemplate", "validate"), ("CreateStack to CREATE_COMPLETE", "create"), ("DeleteStack to gone", "delete")):
            o, t = ours[field], theirs[field]
            if not o or not t:
                print(f"{label:32s} slipway p50 {statistics.median(o) if o else float('nan'):8.2f} ms | moto: no successful run")
                continue
            print(f"{label:32s} slipway p50 {statistics.median(o):8.2f} ms p99 {percentile(o, 0.99):8.2f} ms | "
                  f"moto p50 {statistics.median(t):8.2f} ms p99 {percentile(t, 0.99):8.2f} ms | {statistics.median(t) / statistics.median(o):5.1f}x")
        for name, result in (("slipway", ours), ("moto", theirs)):
            if result["failures"]:
                print(f"{name} failures ({len(result['failures'])}): {result['failures'][0]}")
        lint_ms = statistics.median(lint)
        print(f"cfn-lint whole run on the same file: median {lint_ms:.0f} ms over {len(lint)} runs "
              f"-> ValidateTemplate p50 is {lint_ms / statistics.median(ours['validate']):.0f}x faster")
    finally:
        stop_processes((slipway, moto))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
