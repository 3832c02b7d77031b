#!/usr/bin/env python3
"""The whole loop of the provided `mlops-github-actions` template on one Slipway, timed phase by phase: launch →
project created; push → the build workflow's run (the @step pipeline, tracked in MLflow) done and its model version
registered; approval → the deploy run's staging endpoint answering and the production gate waiting; the reviewer's
approval → the production endpoint answering. The image profiles' environments and the pip cache are kept between
runs (`--environments`, `--pip-cache`), as a machine keeps them; everything runs on loopback, every wait is bounded.
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
from github import Auth, Github

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from caller_identity import free_port, poll, stop_processes, wait_for  # noqa: E402

TEMPLATE_URL = "https://slipway-provided-templates.s3.amazonaws.com/mlops-github-actions.yaml"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slipway", default=".build/release/slipway")
    parser.add_argument("--environments", default=os.path.expanduser("~/.cache/slipway-test/environments"))
    parser.add_argument("--pip-cache", default=os.path.expanduser("~/.cache/pip"))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="slipway-loop-bench-")
    data, port = os.path.join(work, "data"), free_port()
    server = subprocess.Popen([args.slipway, "serve", "--port", str(port), "--data-dir", data, "--log-level", "error", "--environments",
                               args.environments, "--pip-cache", args.pip_cache], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        endpoint = f"http://127.0.0.1:{port}"
        creds = dict(line.split(" = ", 1) for line in open(os.path.join(data, "credentials")).read().splitlines() if " = " in line)
        key, secret = creds["aws_access_key_id"], creds["aws_secret_access_key"]
        env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION="us-east-1",
                   AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", HOME=work, GIT_CONFIG_NOSYSTEM="1",
                   GIT_TERMINAL_PROMPT="0", GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com", GIT_COMMITTER_NAME="bench",
                   GIT_COMMITTER_EMAIL="bench@example.com")
        make = lambda service: boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",  # noqa: E731
                                            aws_access_key_id=key, aws_secret_access_key=secret)
        iam, sm = make("iam"), make("sagemaker")
        account = make("sts").get_caller_identity()["Account"]
        launch = iam.create_role(RoleName="AmazonSageMakerProjectsLaunchRole", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        iam.put_role_policy(RoleName="AmazonSageMakerProjectsLaunchRole", PolicyName="provision", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
                "s3:*", "iam:*", "sagemaker:*", "codecommit:*", "lambda:*", "events:*", "secretsmanager:*"]}]}))
        token = subprocess.run([args.slipway, "git", "token", "create", "--name", "bench"], env=env, capture_output=True, text=True, check=True).stdout.strip()
        forge = Github(base_url=f"{endpoint}/api/v3", auth=Auth.Token(token), retry=None)
        phases = {}

        started = time.perf_counter()
        sm.create_project(ProjectName="churn", TemplateProviders=[{"CfnTemplateProvider": {
            "TemplateName": "mlops-github-actions", "TemplateURL": TEMPLATE_URL, "RoleARN": launch}}])
        project = poll(lambda: (p := sm.describe_project(ProjectName="churn"))["ProjectStatus"] not in ("Pending", "CreateInProgress") and p,
                       900, "the project was not created in 15 minutes", interval=0.5)
        if project["ProjectStatus"] != "CreateCompleted":
            raise SystemExit(f"the project failed: {project}")
        phases["launch → project created"] = time.perf_counter() - started

        mark = time.perf_counter()
        clone = os.path.join(work, "churn")
        subprocess.run(["git", "clone", "-q", f"http://git:{token}@127.0.0.1:{port}/v1/repos/sagemaker-churn-modelops", clone], env=env, check=True, timeout=60)
        path = os.path.join(clone, "pipelines", "pipeline.py")
        source = open(path).read()
        open(path, "w").write(source.replace("C=0.8", "C=0.5"))
        subprocess.run(["git", "commit", "-qam", "Regularize more"], cwd=clone, env=env, check=True, timeout=60)
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, env=env, capture_output=True, text=True, check=True).stdout.strip()
        subprocess.run(["git", "push", "-q", "origin", "main"], cwd=clone, env=env, check=True, timeout=60)
        repo = forge.get_repo(f"{account}/sagemaker-churn-modelops")
        build = poll(lambda: next((r for r in repo.get_workflow("build.yml").get_runs() if r.head_sha == commit), None), 60, "no build run", interval=0.5)
        build = poll(lambda: (r := repo.get_workflow_run(build.id)).status == "completed" and r, 1800, "the build did not end in 30 minutes", interval=1)
        if build.conclusion != "success":
            raise SystemExit(f"the build ended {build.conclusion}")
        phases["push → pipeline done, version registered"] = time.perf_counter() - mark

        mark = time.perf_counter()
        group = f"churn-{project['ProjectId']}"
        version = sm.list_model_packages(ModelPackageGroupName=group, SortOrder="Descending")["ModelPackageSummaryList"][0]["ModelPackageArn"]
        sm.update_model_package(ModelPackageArn=version, ModelApprovalStatus="Approved")
        deploy = poll(lambda: next(iter(repo.get_workflow("deploy.yml").get_runs()), None), 120, "no deploy run", interval=0.5)
        waiting = poll(lambda: (r := repo.get_workflow_run(deploy.id)).status in ("waiting", "completed") and r, 900, "no production gate", interval=0.5)
        if waiting.status != "waiting":
            raise SystemExit(f"the deploy run ended {waiting.conclusion} before production")
        phases["approve version → staging answering, production waiting"] = time.perf_counter() - mark

        mark = time.perf_counter()
        subprocess.run([args.slipway, "runs", "approve", str(deploy.id), "--comment", "bench"], env=env, check=True, capture_output=True, timeout=60)
        done = poll(lambda: (r := repo.get_workflow_run(deploy.id)).status == "completed" and r, 900, "production was not deployed", interval=0.5)
        if done.conclusion != "success":
            raise SystemExit(f"the deploy run ended {done.conclusion}")
        answer = make("sagemaker-runtime").invoke_endpoint(EndpointName="churn-prod", ContentType="text/csv", Accept="application/json",
                                                           Body="0.5,-1.2,0.3,2.0,-0.7,1.1")
        answer["Body"].read()
        phases["approve production → production answering"] = time.perf_counter() - mark
        total = time.perf_counter() - started

        print(f"mlops-github-actions, launch → production endpoint answering: {total:.0f} s")
        for name, seconds in phases.items():
            print(f"  {name}: {seconds:.1f} s")
        print("  (the four user actions themselves take no time; the rest is the loop's own work on this machine)")
    finally:
        stop_processes([server])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
