"""SageMaker domains, user profiles, tags and projects through boto3: an administrator's set-up by the real API
calls, then a data scientist whose own policy allows little more than projects launching one from an S3 template
through a launch role; the project is updated to a new template version and deleted."""

import json
import time

import boto3
import botocore.exceptions
import pytest

from helpers import allow, expect_error, make_user, policy

SAGEMAKER_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

TEMPLATE = """
Description: Churn model project
Parameters:
  SageMakerProjectName: {Type: String}
  SageMakerProjectId: {Type: String}
  Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-artifacts"
      Tags: [{Key: stage, Value: !Ref Stage}]
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
Outputs:
  ArtifactsBucket: {Value: !Ref Artifacts}
"""


def wait_for_project(sm, name, done, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        project = sm.describe_project(ProjectName=name)
        if project["ProjectStatus"] in done:
            return project
        time.sleep(0.2)
    raise AssertionError(f"project {name} still {project['ProjectStatus']}")


def exists(s3, bucket):
    try:
        s3.head_bucket(Bucket=bucket)
        return True
    except botocore.exceptions.ClientError:
        return False


def test_domains_user_profiles_and_tags(server, unique):
    sm = server.client("sagemaker")
    iam = server.client("iam")
    role = iam.create_role(RoleName=f"studio-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    created = sm.create_domain(DomainName=f"ml-{unique}", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": role},
                               Tags=[{"Key": "sagemaker:projectS3TemplatesLocation", "Value": f"s3://templates-{unique}/mlops/"}])
    domain_id = created["DomainId"]
    assert domain_id.startswith("d-") and created["DomainArn"] == f"arn:aws:sagemaker:us-east-1:{server.account_id}:domain/{domain_id}"
    described = sm.describe_domain(DomainId=domain_id)
    assert (described["Status"], described["DomainName"], described["AuthMode"]) == ("InService", f"ml-{unique}", "IAM")
    assert described["DefaultUserSettings"]["ExecutionRole"] == role
    assert domain_id in [d["DomainId"] for d in sm.list_domains()["Domains"]]
    assert sm.list_tags(ResourceArn=created["DomainArn"])["Tags"] == [
        {"Key": "sagemaker:projectS3TemplatesLocation", "Value": f"s3://templates-{unique}/mlops/"}]
    sm.add_tags(ResourceArn=created["DomainArn"], Tags=[{"Key": "team", "Value": "ml"}])
    sm.delete_tags(ResourceArn=created["DomainArn"], TagKeys=["team"])
    assert [t["Key"] for t in sm.list_tags(ResourceArn=created["DomainArn"])["Tags"]] == ["sagemaker:projectS3TemplatesLocation"]
    expect_error("ValidationException", sm.add_tags, ResourceArn=created["DomainArn"], Tags=[{"Key": "aws:x", "Value": "y"}])
    expect_error("ResourceNotFound", sm.describe_domain, DomainId="d-doesnotexist1")
    expect_error("ValidationException", sm.create_domain, DomainName="bad_name!", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": role})

    profile = sm.create_user_profile(DomainId=domain_id, UserProfileName="alice", UserSettings={"ExecutionRole": role})["UserProfileArn"]
    assert profile == f"arn:aws:sagemaker:us-east-1:{server.account_id}:user-profile/{domain_id}/alice"
    assert sm.describe_user_profile(DomainId=domain_id, UserProfileName="alice")["Status"] == "InService"
    assert [p["UserProfileName"] for p in sm.list_user_profiles(DomainIdEquals=domain_id)["UserProfiles"]] == ["alice"]
    expect_error("ResourceInUse", sm.create_user_profile, DomainId=domain_id, UserProfileName="alice")
    expect_error("ResourceInUse", sm.delete_domain, DomainId=domain_id)
    sm.update_domain(DomainId=domain_id, DefaultUserSettings={"ExecutionRole": role})
    sm.delete_user_profile(DomainId=domain_id, UserProfileName="alice")
    sm.delete_domain(DomainId=domain_id)
    expect_error("ResourceNotFound", sm.describe_domain, DomainId=domain_id)


@pytest.fixture
def organization(server, unique):
    """The administrator's set-up by the real API calls: a versioned template bucket, a visible template, a domain
    pointing at it, a launch role SageMaker may assume, and a data scientist with a narrow policy."""
    s3, iam, sm = server.client("s3"), server.client("iam"), server.client("sagemaker")
    bucket = f"templates-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]})
    v1 = s3.put_object(Bucket=bucket, Key="mlops/churn.yaml", Body=TEMPLATE.encode())["VersionId"]
    s3.put_object_tagging(Bucket=bucket, Key="mlops/churn.yaml", Tagging={"TagSet": [{"Key": "sagemaker:studio-visibility", "Value": "true"}]})
    launch = iam.create_role(RoleName=f"AmazonSageMakerProjectsLaunchRole-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"AmazonSageMakerProjectsLaunchRole-{unique}", PolicyName="provision",
                        PolicyDocument=policy(allow(["s3:*", "iam:*"])))
    studio = iam.create_role(RoleName=f"studio-exec-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    domain = sm.create_domain(DomainName=f"org-{unique}", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": studio},
                              Tags=[{"Key": "sagemaker:projectS3TemplatesLocation", "Value": f"s3://{bucket}/mlops/"}])["DomainId"]
    key, secret = make_user(server, f"scientist-{unique}", policy(
        allow("sagemaker:*Project*"),
        allow("iam:PassRole", launch),
        allow(["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging", "s3:ListBucket"], [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"])))
    return {"bucket": bucket, "url": f"https://{bucket}.s3.us-east-1.amazonaws.com/mlops/churn.yaml", "v1": v1, "launch": launch,
            "domain": domain, "key": key, "secret": secret}


def test_a_data_scientist_launches_updates_and_deletes_a_project(server, unique, organization):
    org = organization
    sm = server.client("sagemaker", key=org["key"], secret=org["secret"])
    s3 = server.client("s3")
    iam = server.client("iam")
    # What the project will make, the data scientist cannot make directly.
    expect_error("AccessDenied", server.client("s3", key=org["key"], secret=org["secret"]).create_bucket, Bucket=f"direct-{unique}")
    name = f"churn-{unique}"[:32]
    provider = {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": org["url"], "RoleARN": org["launch"],
                                        "Parameters": [{"Key": "Stage", "Value": "dev"}]}}

    err = expect_error("ValidationException", sm.create_project, ProjectName=name, TemplateProviders=[
        {"CfnTemplateProvider": {**provider["CfnTemplateProvider"], "Parameters": [{"Key": "Stage", "Value": "qa"}]}}])
    assert "Stage" in err[1] and "allowed" in err[1].lower()
    assert name not in [p["ProjectName"] for p in sm.list_projects()["ProjectSummaryList"]]

    created = sm.create_project(ProjectName=name, ProjectDescription="churn model", TemplateProviders=[provider],
                                Tags=[{"Key": "cost-center", "Value": "42"}])
    project_id = created["ProjectId"]
    assert created["ProjectArn"] == f"arn:aws:sagemaker:us-east-1:{server.account_id}:project/{name}"
    project = wait_for_project(sm, name, {"CreateCompleted", "CreateFailed"})
    assert project["ProjectStatus"] == "CreateCompleted", project
    detail = project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]
    assert (detail["TemplateName"], detail["TemplateURL"], detail["RoleARN"]) == ("churn", org["url"], org["launch"])
    assert detail["StackDetail"]["Id"].startswith(f"arn:aws:cloudformation:us-east-1:{server.account_id}:stack/SageMaker-{name}-{project_id}/")
    assert project["CreatedBy"]["IamIdentity"]["Arn"] == f"arn:aws:iam::{server.account_id}:user/scientist-{unique}"

    bucket = f"sagemaker-{name}-{project_id}-artifacts"
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}
    assert tags["sagemaker:project-name"] == name and tags["sagemaker:project-id"] == project_id and tags["cost-center"] == "42"
    assert tags["stage"] == "dev"
    stack = server.client("cloudformation").describe_stack_resources(StackName=detail["StackDetail"]["Id"])["StackResources"]
    role = [r["PhysicalResourceId"] for r in stack if r["LogicalResourceId"] == "PipelineRole"][0]
    assert iam.list_role_policies(RoleName=role)["PolicyNames"] == ["artifacts"]
    summary = [p for p in sm.list_projects(NameContains=name[:10])["ProjectSummaryList"] if p["ProjectName"] == name][0]
    assert (summary["ProjectId"], summary["ProjectStatus"]) == (project_id, "CreateCompleted")

    # A new template version changes the resources; a bad parameter is refused with the project untouched.
    v2 = TEMPLATE.replace("Tags: [{Key: stage, Value: !Ref Stage}]", "Tags: [{Key: stage, Value: !Ref Stage}, {Key: version, Value: '2'}]")
    s3.put_object(Bucket=org["bucket"], Key="mlops/churn.yaml", Body=v2.encode())
    err = expect_error("ValidationException", sm.update_project, ProjectName=name, TemplateProvidersToUpdate=[
        {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": org["url"], "Parameters": [{"Key": "Stage", "Value": "staging"}]}}])
    assert sm.describe_project(ProjectName=name)["ProjectStatus"] == "CreateCompleted"
    sm.update_project(ProjectName=name, TemplateProvidersToUpdate=[
        {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": org["url"], "Parameters": [{"Key": "Stage", "Value": "prod"}]}}])
    project = wait_for_project(sm, name, {"UpdateCompleted", "UpdateFailed"})
    assert project["ProjectStatus"] == "UpdateCompleted", project
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}
    assert (tags["stage"], tags["version"]) == ("prod", "2")
    assert {p["Key"]: p["Value"] for p in project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["Parameters"]}["Stage"] == "prod"

    sm.delete_project(ProjectName=name)
    wait_for_project(sm, name, {"DeleteCompleted", "DeleteFailed"})
    assert not exists(s3, bucket)
    expect_error("NoSuchEntity", iam.get_role, RoleName=role)
    assert sm.describe_project(ProjectName=name)["ProjectStatus"] == "DeleteCompleted"  # still readable, not listed
    assert name not in [p["ProjectName"] for p in sm.list_projects(MaxResults=100)["ProjectSummaryList"]]
    expect_error("ValidationException", sm.describe_project, ProjectName=f"never-{unique}")


def test_deleting_a_project_lists_what_its_template_retains(server, unique, organization):
    org = organization
    s3, sm = server.client("s3"), server.client("sagemaker")
    keep = f"keep-{unique}"
    s3.put_object(Bucket=org["bucket"], Key="mlops/retain.yaml", Body=f"""
Resources:
  Kept: {{Type: AWS::S3::Bucket, DeletionPolicy: Retain, Properties: {{BucketName: {keep}}}}}
  Scratch: {{Type: AWS::S3::Bucket}}
""".encode())
    name = f"retain-{unique}"
    sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "retain", "TemplateURL": f"https://{org['bucket']}.s3.amazonaws.com/mlops/retain.yaml", "RoleARN": org["launch"]}}])
    assert wait_for_project(sm, name, {"CreateCompleted", "CreateFailed"})["ProjectStatus"] == "CreateCompleted"
    sm.delete_project(ProjectName=name)
    project = wait_for_project(sm, name, {"DeleteCompleted", "DeleteFailed"})
    assert project["ProjectStatus"] == "DeleteCompleted"
    assert f"Retained resources: Kept ({keep})" in project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]["StatusMessage"]
    assert exists(s3, keep)
    # The name is free again.
    sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "retain", "TemplateURL": f"https://{org['bucket']}.s3.amazonaws.com/mlops/retain.yaml", "RoleARN": org["launch"]}}])
    assert wait_for_project(sm, name, {"CreateCompleted", "CreateFailed"})["ProjectStatus"] == "CreateFailed"  # Kept's name is taken now


def test_a_launch_role_that_cannot_make_a_resource_fails_the_project(server, unique, organization):
    org = organization
    iam = server.client("iam")
    weak = iam.create_role(RoleName=f"weak-launch-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"weak-launch-{unique}", PolicyName="buckets-only", PolicyDocument=policy(allow("s3:*")))
    admin = server.client("sagemaker")
    name = f"weak-{unique}"
    admin.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "churn", "TemplateURL": org["url"] + f"?versionId={org['v1']}", "RoleARN": weak}}])
    project = wait_for_project(admin, name, {"CreateCompleted", "CreateFailed"})
    assert project["ProjectStatus"] == "CreateFailed"
    message = project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]["StatusMessage"]
    assert "The following resource(s) failed to create: [PipelineRole]." in message
    assert f"assumed-role/weak-launch-{unique}/SageMakerProjectLaunch is not authorized to perform: iam:CreateRole" in message
    project_id = project["ProjectId"]
    assert not exists(server.client("s3"), f"sagemaker-{name}-{project_id}-artifacts")

    # A launch role SageMaker may not assume, or one the caller may not pass, is refused before anything is made.
    lambda_only = iam.create_role(RoleName=f"lambda-only-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    err = expect_error("ValidationException", admin.create_project, ProjectName=f"untrusted-{unique}", TemplateProviders=[
        {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": org["url"], "RoleARN": lambda_only}}])
    assert "cannot be assumed by SageMaker" in err[1]
    scientist = server.client("sagemaker", key=org["key"], secret=org["secret"])
    err = expect_error("AccessDeniedException", scientist.create_project, ProjectName=f"nopass-{unique}", TemplateProviders=[
        {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": org["url"], "RoleARN": weak}}])
    assert "iam:PassRole" in err[1]
    err = expect_error("ValidationException", admin.create_project, ProjectName=f"nourl-{unique}", TemplateProviders=[
        {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": f"https://{org['bucket']}.s3.amazonaws.com/mlops/missing.yaml", "RoleARN": weak}}])
    assert "The specified key does not exist." in err[1]
    expect_error("ValidationException", admin.create_project, ProjectName="bad_name", TemplateProviders=[
        {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": org["url"]}}])
    expect_error("ValidationException", admin.create_project, ProjectName=f"http-{unique}", TemplateProviders=[
        {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": f"http://{org['bucket']}.s3.amazonaws.com/mlops/churn.yaml"}}])
    names = [p["ProjectName"] for p in admin.list_projects(MaxResults=100)["ProjectSummaryList"]]
    assert f"untrusted-{unique}" not in names and f"nourl-{unique}" not in names


UNPROVIDED = """
Resources:
  Queue: {Type: AWS::SQS::Queue}
  Topic: {Type: AWS::SNS::Topic}
  Artifacts: {Type: AWS::S3::Bucket}
"""


def test_created_by_sorting_paging_conflicts_and_types_not_provided(server, unique, organization):
    org = organization
    iam, s3, sm = server.client("iam"), server.client("s3"), server.client("sagemaker")
    # A call through a user profile's execution role names the profile and its domain.
    alice_role = iam.create_role(RoleName=f"alice-exec-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{server.account_id}:root"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"alice-exec-{unique}", PolicyName="projects", PolicyDocument=policy(
        allow("sagemaker:*"), allow("iam:PassRole", org["launch"]), allow("s3:GetObject", f"arn:aws:s3:::{org['bucket']}/*")))
    sm.create_user_profile(DomainId=org["domain"], UserProfileName=f"alice-{unique}", UserSettings={"ExecutionRole": alice_role})
    key, secret = make_user(server, f"alice-{unique}", policy(allow("sts:AssumeRole", alice_role)))
    session = server.client("sts", key=key, secret=secret).assume_role(RoleArn=alice_role, RoleSessionName="studio")["Credentials"]
    alice = server.client("sagemaker", key=session["AccessKeyId"], secret=session["SecretAccessKey"], token=session["SessionToken"])
    provider = {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": org["url"], "RoleARN": org["launch"]}}
    names = [f"b-{unique}", f"a-{unique}", f"c-{unique}"]
    for name in names:
        alice.create_project(ProjectName=name, TemplateProviders=[provider])
    created_by = alice.describe_project(ProjectName=names[0])["CreatedBy"]
    assert (created_by["DomainId"], created_by["UserProfileName"]) == (org["domain"], f"alice-{unique}")
    assert created_by["UserProfileArn"].endswith(f":user-profile/{org['domain']}/alice-{unique}")
    assert created_by["IamIdentity"]["Arn"] == f"arn:aws:sts::{server.account_id}:assumed-role/alice-exec-{unique}/studio"

    mine = lambda **kwargs: [p["ProjectName"] for p in sm.list_projects(NameContains=unique, **kwargs)["ProjectSummaryList"]]  # noqa: E731
    assert mine(SortBy="Name", SortOrder="Ascending") == sorted(names)
    assert mine(SortBy="CreationTime", SortOrder="Ascending") == names
    assert mine() == list(reversed(names))  # newest first by default
    first = sm.list_projects(NameContains=unique, SortBy="Name", SortOrder="Ascending", MaxResults=2)
    rest = sm.list_projects(NameContains=unique, SortBy="Name", SortOrder="Ascending", MaxResults=2, NextToken=first["NextToken"])
    assert [p["ProjectName"] for p in first["ProjectSummaryList"] + rest["ProjectSummaryList"]] == sorted(names) and "NextToken" not in rest
    expect_error("ValidationException", sm.list_projects, SortBy="Size")

    # While a project's stack is busy, it can be neither updated nor deleted.
    slow = "Resources:\n  B0: {Type: AWS::S3::Bucket}\n" + "".join(f"  B{i}: {{Type: AWS::S3::Bucket, DependsOn: B{i - 1}}}\n" for i in range(1, 40))
    s3.put_object(Bucket=org["bucket"], Key="mlops/slow.yaml", Body=slow.encode())
    busy = f"busy-{unique}"
    sm.create_project(ProjectName=busy, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "slow", "TemplateURL": f"https://{org['bucket']}.s3.amazonaws.com/mlops/slow.yaml", "RoleARN": org["launch"]}}])
    err = expect_error("ConflictException", sm.delete_project, ProjectName=busy)
    assert "CreateInProgress" in err[1]
    assert wait_for_project(sm, busy, {"CreateCompleted", "CreateFailed"})["ProjectStatus"] == "CreateCompleted"

    # A template with types Slipway does not provide is refused, naming them.
    s3.put_object(Bucket=org["bucket"], Key="mlops/queues.yaml", Body=UNPROVIDED.encode(), Tagging="sagemaker:studio-visibility=true")
    err = expect_error("ValidationException", sm.create_project, ProjectName=f"queues-{unique}", TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "queues", "TemplateURL": f"https://{org['bucket']}.s3.amazonaws.com/mlops/queues.yaml", "RoleARN": org["launch"]}}])
    assert err[1] == "Template format error: Unrecognized resource types: [AWS::SQS::Queue, AWS::SNS::Topic]"
