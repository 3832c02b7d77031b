"""The whole ModelOps loop of Slipway's provided `mlops-github-actions` template, driven only by what a data scientist
does: launch the project, push a change to the seeded repository, approve the model version the build registered,
approve the production deployment — and the production endpoint answers with the trained model's predictions.

Between those four actions everything runs for real: the push runs the build workflow (on the base Python image's
profile) which upserts and runs the @step pipeline (tracked in the project's MLflow server); approving the version
runs the project's function, which dispatches the deploy workflow through PyGithub with the project's forge token;
the deploy workflow deploys the endpoint stack to staging, checks its answers, waits for the production reviewer, then
deploys production."""

import json
import os
import re
import tempfile
import time

import pytest
import requests

from conftest import Server
from helpers import allow, make_user, policy
from test_git import commit_file, git, git_env, slipway_as

TEMPLATE_URL = "https://slipway-provided-templates.s3.amazonaws.com/mlops-github-actions.yaml"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


@pytest.fixture(scope="module")
def server():
    """One SQLite server: the loop takes minutes, and every piece's backends are covered by its own tests."""
    srv = Server("sqlite")
    yield srv
    srv.cleanup()


def wait_for(check, what, timeout, interval=1.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = check()
        if found:
            return found
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def logs(forge_token, run, tail=6000):
    """Every job's log of a run (each job's last `tail` characters, for an assertion's message)."""
    text = []
    for job in run.jobs():
        answer = requests.get(f"{job.url}/logs", headers={"Authorization": f"token {forge_token}"}, timeout=30)
        text.append(f"--- {job.name} ({job.conclusion})\n{answer.text[-tail:] if tail else answer.text}")
    return "\n".join(text)


def launch_role(server, unique):
    """The role projects are provisioned with, as an administrator sets it up once."""
    iam = server.client("iam")
    launch = iam.create_role(RoleName=f"AmazonSageMakerProjectsLaunchRole-{unique}", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"AmazonSageMakerProjectsLaunchRole-{unique}", PolicyName="provision", PolicyDocument=policy(allow([
        "s3:*", "iam:*", "sagemaker:*", "codecommit:*", "lambda:*", "events:*", "secretsmanager:*"])))
    return launch


def wait_for_project(sm, name):
    project = wait_for(lambda: (p := sm.describe_project(ProjectName=name))["ProjectStatus"] not in ("Pending", "CreateInProgress") and p,
                       "the project's stack", timeout=900)
    assert project["ProjectStatus"] == "CreateCompleted", project
    return project


def test_a_project_goes_from_create_project_to_a_production_endpoint_with_a_push_and_two_approvals(server, unique):
    from github import Auth, Github
    # The administrator's part, once: the launch role projects are provisioned with, and a data scientist.
    launch = launch_role(server, unique)
    key, secret = make_user(server, f"dana-{unique}", policy(
        allow(["sagemaker:*Project*", "sagemaker:*ModelPackage*", "sagemaker:ListPipeline*", "sagemaker:DescribePipeline*",
               "sagemaker:DescribeEndpoint", "sagemaker:InvokeEndpoint", "sagemaker:DescribeMlflowTrackingServer"]),
        allow("iam:PassRole", launch), allow(["codecommit:GitPull", "codecommit:GitPush", "codecommit:GetRepository"]),
        allow("iam:CreateServiceSpecificCredential", f"arn:aws:iam::{server.account_id}:user/dana-{unique}")))
    dana = f"arn:aws:iam::{server.account_id}:user/dana-{unique}"
    sm = server.client("sagemaker", key=key, secret=secret)
    started = time.time()

    # 1. Launch the project from Slipway's provided template.
    name = f"churn-{unique}"[:32]
    sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "mlops-github-actions", "TemplateURL": TEMPLATE_URL, "RoleARN": launch}}])
    project = wait_for_project(sm, name)
    assert project["CreatedBy"]["IamIdentity"]["Arn"] == dana
    project_id = project["ProjectId"]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in server.client("cloudformation").describe_stacks(
        StackName=project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]["Id"])["Stacks"][0]["Outputs"]}
    group = outputs["ModelPackageGroupName"]
    assert group == f"{name}-{project_id}"

    # The repository is seeded, and its settings wired: nothing for the data scientist to configure.
    token = slipway_as(server, "git", "token", "create", "--name", "laptop", key=key, secret=secret).stdout.strip()
    assert token, "a personal token for the data scientist"
    forge = Github(base_url=f"{server.endpoint}/api/v3", auth=Auth.Token(token), retry=None)
    repo = forge.get_repo(outputs["Repository"])
    assert {w.path for w in repo.get_workflows()} == {".github/workflows/build.yml", ".github/workflows/deploy.yml"}
    assert {v.name for v in repo.get_variables()} >= {"SAGEMAKER_PROJECT_NAME", "ARTIFACT_BUCKET", "MODEL_PACKAGE_GROUP", "MLFLOW_TRACKING_SERVER_ARN"}
    assert {s.name for s in repo.get_secrets()} == {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
    production = repo.get_environment("production")
    assert [r.reviewer.login for r in production.protection_rules[0].reviewers] == [f"dana-{unique}"]

    # 2. Push a change: the build workflow runs the pipeline, which registers the model for approval.
    env = git_env(server, key, secret)
    clone = os.path.join(tempfile.mkdtemp(prefix="slipway-loop-"), "repo")
    git("clone", "-q", outputs["RepositoryCloneUrl"], clone, env=env)
    pipeline = open(os.path.join(clone, "pipelines", "pipeline.py")).read()
    assert "C=0.8" in pipeline
    commit = commit_file(clone, env, "pipelines/pipeline.py", pipeline.replace("C=0.8", "C=0.5"), "Regularize a little more")
    git("push", "-q", "origin", "main", cwd=clone, env=env)

    build = wait_for(lambda: next((r for r in repo.get_workflow("build.yml").get_runs() if r.head_sha == commit), None),
                     "the push's build run", timeout=60)
    build = wait_for(lambda: (r := repo.get_workflow_run(build.id)).status == "completed" and r, "the build run", timeout=1800, interval=3)
    assert build.conclusion == "success", logs(token, build)
    build_log = logs(token, build, tail=None)
    assert "Preparing container 081325390199.dkr.ecr.us-east-1.amazonaws.com/sagemaker-base-python-311:1.0" in build_log
    [version] = [v for v in sm.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
                 if sm.describe_model_package(ModelPackageName=v["ModelPackageArn"])["CustomerMetadataProperties"]["commit"] == commit]
    assert version["ModelApprovalStatus"] == "PendingManualApproval"
    described = sm.describe_model_package(ModelPackageName=version["ModelPackageArn"])
    metadata = described["CustomerMetadataProperties"]
    assert float(metadata["accuracy"]) >= 0.75
    # The training was tracked in the project's MLflow server: the run the version names holds the parameters.
    tracking = sm.describe_mlflow_tracking_server(TrackingServerName=outputs["MlflowTrackingServerArn"].split("/")[-1])
    assert tracking["TrackingServerStatus"] in ("Created", "Started")

    # 3. Approve the version: the project's function dispatches the deploy workflow, which deploys staging and waits.
    sm.update_model_package(ModelPackageArn=version["ModelPackageArn"], ModelApprovalStatus="Approved", ApprovalDescription="looks good")
    deploy = wait_for(lambda: next(iter(repo.get_workflow("deploy.yml").get_runs()), None), "the deploy run the approval dispatched", timeout=120)
    assert deploy.event == "workflow_dispatch" and deploy.actor.login == f"sagemaker-{name}-{project_id}-ci"[:39].rstrip("-")  # GitHub logins have 39 characters at most
    waiting = wait_for(lambda: (r := repo.get_workflow_run(deploy.id)).status in ("waiting", "completed") and r, "the production gate", timeout=900, interval=2)
    assert waiting.status == "waiting", logs(token, waiting)
    jobs = {job.name: job for job in waiting.jobs()}
    assert jobs["staging"].conclusion == "success"
    assert f"{name}-staging answers {metadata['probe-answers']}" in logs(token, waiting, tail=None)
    assert sm.describe_endpoint(EndpointName=f"{name}-staging")["EndpointStatus"] == "InService"

    # 4. Approve the production deployment, as the environment's reviewer.
    approved = slipway_as(server, "runs", "approve", str(deploy.id), "--comment", "ship it", key=key, secret=secret)
    assert approved.returncode == 0, approved.stderr
    done = wait_for(lambda: (r := repo.get_workflow_run(deploy.id)).status == "completed" and r, "the production deployment", timeout=900, interval=2)
    assert done.conclusion == "success", logs(token, done)
    loop_seconds = time.time() - started

    # The production endpoint answers with the trained model's predictions.
    probes, expected = json.loads(metadata["probes"]), json.loads(metadata["probe-answers"])
    runtime = server.client("sagemaker-runtime", key=key, secret=secret)
    body = "\n".join(",".join(str(v) for v in row) for row in probes)
    answer = runtime.invoke_endpoint(EndpointName=f"{name}-prod", ContentType="text/csv", Accept="application/json", Body=body)
    result = json.loads(answer["Body"].read())
    predictions = [int(round(float(p))) for p in (result["predictions"] if isinstance(result, dict) else result)]
    assert predictions == expected
    described = sm.describe_endpoint(EndpointName=f"{name}-prod")
    assert described["EndpointStatus"] == "InService"
    print(f"launch to production endpoint answering: {loop_seconds:.0f} s")
    assert re.match(r"^arn:aws:sagemaker:us-east-1:\d{12}:endpoint/", described["EndpointArn"])


DEPLOY_ELSEWHERE = """\
on:
  workflow_dispatch:
    inputs:
      model-package-arn: {type: string, required: true}
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: echo "deploying ${{ inputs.model-package-arn }}"
"""


def test_a_project_on_another_forge_gets_only_the_approval_function_wired_to_it(server, unique):
    """Another GitHub-compatible forge (here a second Slipway, as GitHub would be): the project makes no repository,
    user or settings, and an approved version dispatches that forge's deploy workflow with the token kept in Secrets
    Manager."""
    from github import Auth, Github
    other = Server("sqlite")
    try:
        token = slipway_as(other, "git", "token", "create", "--name", "slipway").stdout.strip()
        forge = Github(base_url=f"{other.endpoint}/api/v3", auth=Auth.Token(token), retry=None)
        repo = forge.get_user().create_repo(f"models-{unique}")
        env = git_env(other)
        git("config", "--global", "--unset", "credential.helper", env=env)
        clone = os.path.join(tempfile.mkdtemp(prefix="slipway-elsewhere-"), "repo")
        git("clone", "-q", repo.clone_url.replace("http://", f"http://git:{token}@"), clone, env=env)
        commit_file(clone, env, ".github/workflows/deploy.yml", DEPLOY_ELSEWHERE, "deploy")
        git("push", "-q", "origin", "main", cwd=clone, env=env)

        secret = server.client("secretsmanager").create_secret(Name=f"forge-token-{unique}", SecretString=token)["ARN"]
        sm = server.client("sagemaker")
        name = f"elsewhere-{unique}"[:32]
        sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
            "TemplateName": "mlops-github-actions", "TemplateURL": TEMPLATE_URL, "RoleARN": launch_role(server, unique), "Parameters": [
                {"Key": "ExternalForgeApiUrl", "Value": f"{other.endpoint}/api/v3"}, {"Key": "ExternalRepository", "Value": repo.full_name},
                {"Key": "ExternalForgeTokenSecret", "Value": secret}]}}])
        project = wait_for_project(sm, name)
        stack = project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]["Id"]
        made = {r["ResourceType"] for r in server.client("cloudformation").describe_stack_resources(StackName=stack)["StackResources"]}
        assert not any(t.startswith("Slipway::") or t in ("AWS::CodeCommit::Repository", "AWS::IAM::User") for t in made), made
        assert {"AWS::Lambda::Function", "AWS::Events::Rule", "AWS::SageMaker::ModelPackageGroup"} <= made
        assert f"sagemaker-{name}-modelops" not in [r["repositoryName"] for r in server.client("codecommit").list_repositories()["repositories"]]

        group = f"{name}-{project['ProjectId']}"
        version = sm.create_model_package(ModelPackageGroupName=group, ModelApprovalStatus="PendingManualApproval", InferenceSpecification={
            "Containers": [{"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"}],
            "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]})["ModelPackageArn"]
        sm.update_model_package(ModelPackageArn=version, ModelApprovalStatus="Approved")
        run = wait_for(lambda: next(iter(repo.get_workflow("deploy.yml").get_runs()), None), "the other forge's deploy run", timeout=120)
        run = wait_for(lambda: (r := repo.get_workflow_run(run.id)).status == "completed" and r, "the run", timeout=120)
        assert run.event == "workflow_dispatch" and run.conclusion == "success"
        assert f"deploying {version}" in logs(token, run, tail=None)
    finally:
        other.cleanup()
