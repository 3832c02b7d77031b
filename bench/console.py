#!/usr/bin/env python3
"""The console's pages with 200 projects: server time to make each page (its `Server-Timing` header) and the time a
client waits, p50 and p99 over repeated loads of the Projects list (25 a page, each described), a filtered and
sorted list, a project's Overview (its stack's outputs, resources and events), its Settings, its Model groups and
Create project (the domain's template discovery). All traffic stays on loopback; every loop is bounded.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

import boto3
import botocore.config
import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import percentile, start_slipway, stop_processes  # noqa: E402

TEMPLATE = """
Description: A project with one placeholder resource and an output
Parameters:
  SageMakerProjectName: {Type: String}
  SageMakerProjectId: {Type: String}
  Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
Resources:
  Placeholder: {Type: AWS::CloudFormation::WaitConditionHandle}
Outputs:
  Stage: {Value: !Ref Stage}
"""

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def prepare(endpoint, key, secret, projects):
    config = botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=16)
    make = lambda service: boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,  # noqa: E731
                                        aws_secret_access_key=secret, config=config)
    s3, iam, sm = make("s3"), make("iam"), make("sagemaker")
    s3.create_bucket(Bucket="templates")
    s3.put_bucket_versioning(Bucket="templates", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="templates", Key="mlops/bench.yaml", Body=TEMPLATE.encode(), Tagging="sagemaker:studio-visibility=true")
    role = iam.create_role(RoleName="AmazonSageMakerProjectsLaunchRole", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    sm.create_domain(DomainName="bench", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": role},
                     Tags=[{"Key": "sagemaker:projectS3TemplatesLocation", "Value": "s3://templates/mlops/"}])
    url = "https://templates.s3.amazonaws.com/mlops/bench.yaml"

    def launch(index):
        sm.create_project(ProjectName=f"bench-{index:03d}", ProjectDescription=f"Project number {index}",
                          TemplateProviders=[{"CfnTemplateProvider": {"TemplateName": "bench", "TemplateURL": url}}])

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(launch, range(projects)))
    deadline = time.time() + 300
    while time.time() < deadline:
        pending, token = [], None
        while True:
            page = sm.list_projects(MaxResults=100, **({"NextToken": token} if token else {}))
            pending += [p for p in page["ProjectSummaryList"] if p["ProjectStatus"] != "CreateCompleted"]
            token = page.get("NextToken")
            if not token:
                break
        if not pending:
            break
        time.sleep(0.5)
    else:
        raise SystemExit("projects did not all complete")
    group = sm.create_model_package_group(ModelPackageGroupName="bench-models")
    project_id = sm.describe_project(ProjectName="bench-000")["ProjectId"]
    sm.add_tags(ResourceArn=group["ModelPackageGroupArn"], Tags=[{"Key": "sagemaker:project-id", "Value": project_id}])
    spec = {"Containers": [{"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"}],
            "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}
    for auc in ("0.81", "0.84", "0.87"):
        sm.create_model_package(ModelPackageGroupName="bench-models", InferenceSpecification=spec, CustomerMetadataProperties={"auc": auc})


def sign_in(endpoint, key, secret):
    """A session signed in through the form. Its cookies are `Secure` (browsers take loopback as secure; requests
    does not), so they are sent by hand."""
    session = requests.Session()
    form = session.get(f"{endpoint}/console/sign-in", timeout=10)
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', form.text).group(1)
    answer = session.post(f"{endpoint}/console/sign-in", data={"_csrf": token, "access_key_id": key, "secret_access_key": secret},
                          headers={"Origin": endpoint, "Cookie": f"slipway-console-form={form.cookies['slipway-console-form']}"},
                          allow_redirects=False, timeout=10)
    assert answer.status_code == 303, answer.text
    session.headers["Cookie"] = f"slipway-console={answer.cookies['slipway-console']}"
    return session


def measure(session, url, loads):
    server, client = [], []
    for _ in range(loads):
        start = time.perf_counter()
        answer = session.get(url, timeout=30)
        client.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
        server.append(float(re.search(r"dur=([0-9.]+)", answer.headers["Server-Timing"]).group(1)))
    return server, client


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--loads", type=int, default=100)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="slipway-console-bench-")
    slipway, port, key, secret = start_slipway(args.slipway, os.path.join(work, "data"))
    try:
        endpoint = f"http://127.0.0.1:{port}"
        prepare(endpoint, key, secret, args.projects)
        session = sign_in(endpoint, key, secret)
        pages = [
            ("Projects (25 of 200, each described)", "/console/projects"),
            ("Projects, filtered and sorted by name", "/console/projects?name=bench-1&sort=name-asc"),
            ("Project overview", "/console/projects/bench-000"),
            ("Project settings", "/console/projects/bench-000/settings"),
            ("Model groups (3 versions, charted)", "/console/projects/bench-000/model-groups"),
            ("Create project (template discovery)", "/console/projects/create"),
            ("Project pipelines", "/console/projects/bench-000/pipelines"),
            ("Administration", "/console/admin"),
            ("Audit trail (100 newest of the run's records)", "/console/admin/audit"),
        ]
        print(f"{args.projects} projects, {args.loads} loads a page")
        print(f"{'page':44} {'server p50':>11} {'server p99':>11} {'client p50':>11}")
        for label, path in pages:
            server, client = measure(session, endpoint + path, args.loads)
            print(f"{label:44} {statistics.median(server):9.2f}ms {percentile(server, 0.99):9.2f}ms {statistics.median(client):9.2f}ms")
    finally:
        stop_processes([slipway])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
