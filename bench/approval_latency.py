#!/usr/bin/env python3
"""From UpdateModelPackage(Approved) to the deployment function's handler starting, through EventBridge and Lambda
on Slipway: a rule on "SageMaker Model Package State Change" (Approved, the project's group) targets a Python
function (which imports boto3, as deployment functions do); the handler prints the time it starts, read back from its
CloudWatch Logs group (the function runs sandboxed and cannot write the benchmark's files). Warm:
consecutive approvals reuse the function's worker. Cold: the function's configuration changes before each approval,
so a new worker starts (Python, bootstrap, imports). p50 and p99 of each. All traffic stays on loopback; every loop is
bounded.
"""

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile

import boto3
import botocore.config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import percentile, start_slipway, stop_processes  # noqa: E402

HANDLER = """
import time
import boto3

def handler(event, context):
    started = time.time()
    print("started %s %r" % (event["detail"]["ModelPackageVersion"], started))
"""

SPEC = {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1"}]}



def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--warm", type=int, default=50)
    parser.add_argument("--cold", type=int, default=15)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="slipway-approval-bench-")
    slipway, port, key, secret = start_slipway(args.slipway, os.path.join(work, "data"))
    try:
        config = botocore.config.Config(retries={"max_attempts": 1})
        make = lambda service: boto3.client(service, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",  # noqa: E731
                                            aws_access_key_id=key, aws_secret_access_key=secret, config=config)
        iam, lam, events, sm, logs = make("iam"), make("lambda"), make("events"), make("sagemaker"), make("logs")
        role = iam.create_role(RoleName="deploy", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        package = io.BytesIO()
        with zipfile.ZipFile(package, "w") as archive:
            archive.writestr("app.py", HANDLER)
        function = lam.create_function(FunctionName="deploy", Runtime="python3.11", Role=role, Handler="app.handler", Timeout=30,
                                       Code={"ZipFile": package.getvalue()})["FunctionArn"]
        group = "churn"
        sm.create_model_package_group(ModelPackageGroupName=group)
        rule = events.put_rule(Name="approved", EventPattern=json.dumps({
            "source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"],
            "detail": {"ModelPackageGroupName": [group], "ModelApprovalStatus": ["Approved"]}}))["RuleArn"]
        events.put_targets(Rule="approved", Targets=[{"Id": "deploy", "Arn": function}])
        lam.add_permission(FunctionName="deploy", StatementId="events", Action="lambda:InvokeFunction", Principal="events.amazonaws.com", SourceArn=rule)

        def approve():
            arn = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=SPEC)["ModelPackageArn"]
            version = arn.rsplit("/", 1)[1]
            started = time.time()
            sm.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
            deadline = started + 30
            while True:
                if time.time() > deadline:
                    raise SystemExit(f"version {version}: the handler never started")
                try:
                    found = logs.filter_log_events(logGroupName="/aws/lambda/deploy", filterPattern=f'"started {version} "')["events"]
                except logs.exceptions.ResourceNotFoundException:
                    found = []
                if found:
                    return (float(found[0]["message"].split()[2]) - started) * 1000
                time.sleep(0.002)

        approve()  # the first start, not counted
        warm = [approve() for _ in range(args.warm)]
        cold = []
        for i in range(args.cold):
            lam.update_function_configuration(FunctionName="deploy", Environment={"Variables": {"ROUND": str(i)}})
            cold.append(approve())
        print("UpdateModelPackage(Approved) -> handler start (EventBridge rule -> Lambda, Python handler importing boto3):")
        print(f"  warm ({args.warm}): p50 {statistics.median(warm):.1f} ms, p99 {percentile(warm, 0.99):.1f} ms, max {max(warm):.1f} ms")
        print(f"  cold ({args.cold}): p50 {statistics.median(cold):.1f} ms, p99 {percentile(cold, 0.99):.1f} ms, max {max(cold):.1f} ms")
    finally:
        stop_processes((slipway,))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
