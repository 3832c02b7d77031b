#!/usr/bin/env python3
"""SageMaker Pipelines on Slipway, warm: a 5-step classic pipeline (Processing → Training → Processing (evaluation,
with a PropertyFile) → Condition on the evaluation's metric → RegisterModel), small pure-Python scripts on the
`python:3.11` image's profile. Measures StartPipelineExecution → DescribePipelineExecution says Succeeded, one
execution at a time (p50, p99), then starts a batch of executions at once and checks each one finished exactly once:
every execution Succeeded, one job per job step and one model package per execution. All traffic stays on loopback;
every wait is bounded.
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

IMAGE = "python:3.11"
SCRIPTS = {
    "split.py": "import os\nrows = open('/opt/ml/processing/raw/data.csv').read().split()\nos.makedirs('/opt/ml/processing/train', exist_ok=True)\n"
                "open('/opt/ml/processing/train/train.csv', 'w').write('\\n'.join(rows[::2]))\n",
    "train.py": "import json\nrows = open('/opt/ml/input/data/train/train.csv').read().split()\n"
                "json.dump({'mean': sum(float(r.split(',')[0]) for r in rows) / len(rows)}, open('/opt/ml/model/model.json', 'w'))\n",
    "evaluate.py": "import json, os, tarfile\ntarfile.open('/opt/ml/processing/model/model.tar.gz').extractall('/tmp/m')\n"
                   "model = json.load(open('/tmp/m/model.json'))\nos.makedirs('/opt/ml/processing/report', exist_ok=True)\n"
                   "json.dump({'score': {'value': min(1.0, model['mean'] / 10)}}, open('/opt/ml/processing/report/report.json', 'w'))\n",
}


def definition(role, bucket):
    def processing(name, script, inputs, outputs, **extra):
        return dict({"Name": name, "Type": "Processing", "Arguments": {
            "ProcessingResources": {"ClusterConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1}},
            "AppSpecification": {"ImageUri": IMAGE, "ContainerEntrypoint": ["python3", f"/opt/ml/processing/code/{script}"]},
            "RoleArn": role,
            "ProcessingInputs": [{"InputName": n, "S3Input": {"S3Uri": uri, "LocalPath": f"/opt/ml/processing/{n}", "S3DataType": "S3Prefix"}}
                                 for n, uri in [("code", f"s3://{bucket}/code/{script}")] + inputs],
            "ProcessingOutputConfig": {"Outputs": [{"OutputName": n, "S3Output": {
                "S3Uri": {"Std:Join": {"On": "/", "Values": [f"s3://{bucket}/runs", {"Get": "Execution.PipelineExecutionId"}, n]}},
                "LocalPath": f"/opt/ml/processing/{n}", "S3UploadMode": "EndOfJob"}} for n in outputs]},
        }}, **extra)

    split = processing("Split", "split.py", [("raw", f"s3://{bucket}/raw")], ["train"])
    train = {"Name": "Train", "Type": "Training", "Arguments": {
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File", "ContainerEntrypoint": ["python3", "/opt/ml/input/data/code/train.py"]},
        "OutputDataConfig": {"S3OutputPath": f"s3://{bucket}/models"}, "RoleArn": role,
        "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 1}, "StoppingCondition": {"MaxRuntimeInSeconds": 300},
        "InputDataConfig": [
            {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                                                     "S3Uri": {"Get": "Steps.Split.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"}}}},
            {"ChannelName": "code", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{bucket}/code/train.py"}}}]}}
    evaluate = processing("Evaluate", "evaluate.py", [("model", {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"})], ["report"],
                          PropertyFiles=[{"PropertyFileName": "Report", "OutputName": "report", "FilePath": "report.json"}])
    register = {"Name": "Register", "Type": "RegisterModel", "Arguments": {
        "ModelPackageGroupName": "bench-models", "ModelApprovalStatus": "PendingManualApproval",
        "InferenceSpecification": {"Containers": [{"Image": IMAGE, "ModelDataUrl": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}}],
                                   "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}}}
    check = {"Name": "Check", "Type": "Condition", "Arguments": {"Conditions": [{"Type": "GreaterThanOrEqualTo", "RightValue": 0.1, "LeftValue": {
        "Std:JsonGet": {"PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.Report"}, "Path": "score.value"}}}], "IfSteps": [register], "ElseSteps": []}}
    return json.dumps({"Version": "2020-12-01", "Steps": [split, train, evaluate, check]})


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--concurrent", type=int, default=20)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="slipway-pipelines-bench-")
    slipway, port, key, secret = start_slipway(args.slipway, os.path.join(work, "data"))
    try:
        config = botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=args.concurrent + 4)
        make = lambda service: boto3.client(service, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",  # noqa: E731
                                            aws_access_key_id=key, aws_secret_access_key=secret, config=config)
        iam, s3, sm = make("iam"), make("s3"), make("sagemaker")
        role = iam.create_role(RoleName="pipelines", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        iam.put_role_policy(RoleName="pipelines", PolicyName="work", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:*", "sagemaker:*"], "Resource": "*"}, {"Effect": "Allow", "Action": "iam:PassRole", "Resource": role}]}))
        s3.create_bucket(Bucket="bench-pipelines")
        s3.put_object(Bucket="bench-pipelines", Key="raw/data.csv", Body="\n".join(f"{i},{i % 2}" for i in range(200)).encode())
        for name, body in SCRIPTS.items():
            s3.put_object(Bucket="bench-pipelines", Key=f"code/{name}", Body=body.encode())
        sm.create_model_package_group(ModelPackageGroupName="bench-models")
        sm.create_pipeline(PipelineName="bench", PipelineDefinition=definition(role, "bench-pipelines"), RoleArn=role)

        def execute():
            started = time.perf_counter()
            arn = sm.start_pipeline_execution(PipelineName="bench")["PipelineExecutionArn"]
            deadline = time.time() + 300
            while time.time() < deadline:
                status = sm.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
                if status not in ("Executing", "Stopping"):
                    break
                time.sleep(0.02)
            if status != "Succeeded":
                raise SystemExit(f"{arn} ended {status}: {sm.list_pipeline_execution_steps(PipelineExecutionArn=arn)}")
            return time.perf_counter() - started

        warm_up = execute()  # builds the image profile's environment once
        times = [execute() for _ in range(args.runs)]
        print(f"5-step classic pipeline (Processing, Training, Processing, Condition, RegisterModel), start to Succeeded, {args.runs} runs after a warm-up of {warm_up:.2f} s:")
        print(f"  p50 {statistics.median(times):.2f} s, p99 {percentile(times, 99):.2f} s, min {min(times):.2f} s")

        before = len(sm.list_model_packages(ModelPackageGroupName="bench-models", MaxResults=100)["ModelPackageSummaryList"])
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrent) as pool:
            list(pool.map(lambda _: execute(), range(args.concurrent)))
        wall = time.perf_counter() - started
        executions, token = [], None
        while True:
            page = sm.list_pipeline_executions(PipelineName="bench", MaxResults=100, **({"NextToken": token} if token else {}))
            executions += page["PipelineExecutionSummaries"]
            token = page.get("NextToken")
            if not token:
                break
        expected = 1 + args.runs + args.concurrent
        succeeded = sum(1 for e in executions if e["PipelineExecutionStatus"] == "Succeeded")
        packages = len(sm.list_model_packages(ModelPackageGroupName="bench-models", MaxResults=100)["ModelPackageSummaryList"]) - before
        jobs = len(sm.list_training_jobs(NameContains="pipelines-", MaxResults=100)["TrainingJobSummaries"])
        print(f"{args.concurrent} executions started at once: all finished in {wall:.1f} s; {len(executions)} executions listed "
              f"({expected} started), {succeeded} Succeeded; {packages} model packages registered by the batch; {jobs} training jobs in all")
        if len(executions) != expected or succeeded != expected or packages != args.concurrent or jobs != expected:
            raise SystemExit("an execution was lost or duplicated")
    finally:
        stop_processes((slipway,))
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
