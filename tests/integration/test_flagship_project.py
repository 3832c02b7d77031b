"""The organization's flagship MLOps template, launched as a SageMaker project and driven by boto3 alone: approving a
model version runs the project's own function, which reads a secret with its role's credentials and records the
deployment; without the permission for events the approval invokes nothing and the failed delivery is kept; deleting
the project removes the function, the rule and the repository."""

import io
import json
import time
import zipfile

import pytest

from helpers import expect_error
from test_sagemaker_projects import organization, wait_for_project  # noqa: F401  (fixture)

DEPLOY_CODE = """
import json, os
import boto3

def handler(event, context):
    detail = event["detail"]
    token = boto3.client("secretsmanager").get_secret_value(SecretId=os.environ["TOKEN_ARN"])["SecretString"]
    key = "deployments/%s/%s.json" % (detail["ModelPackageGroupName"], detail["ModelPackageVersion"])
    record = {"model": detail["ModelPackageArn"], "status": detail["ModelApprovalStatus"], "token_length": len(token),
              "caller": boto3.client("sts").get_caller_identity()["Arn"], "function": context.function_name}
    boto3.client("s3").put_object(Bucket=os.environ["ARTIFACTS"], Key=key, Body=json.dumps(record))
    return record
"""

FLAGSHIP = """
Description: MLOps template for model building, approval and deployment
Parameters:
  SageMakerProjectName: {Type: String}
  SageMakerProjectId: {Type: String}
  CodeBucket: {Type: String}
  CodeKey: {Type: String, Default: code/deploy.zip}
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "sagemaker-project-${SageMakerProjectId}-artifacts"
  DeployToken:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: Token the deployment workflow is triggered with
      GenerateSecretString: {PasswordLength: 40, ExcludePunctuation: true}
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "secretsmanager:GetSecretValue", Resource: !Ref DeployToken}
              - {Effect: Allow, Action: "s3:PutObject", Resource: !Sub "${Artifacts.Arn}/deployments/*"}
  DeployFunction:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "sagemaker-${SageMakerProjectId}-deploy"
      Runtime: python3.11
      Handler: app.handler
      Timeout: 30
      Role: !GetAtt DeployRole.Arn
      Code: {S3Bucket: !Ref CodeBucket, S3Key: !Ref CodeKey}
      Environment:
        Variables: {ARTIFACTS: !Ref Artifacts, TOKEN_ARN: !Ref DeployToken}
  ApprovedModels:
    Type: AWS::Events::Rule
    Properties:
      Description: Deploy approved versions of the project's models
      EventPattern:
        source: [aws.sagemaker]
        detail-type: [SageMaker Model Package State Change]
        detail:
          ModelPackageGroupName: [!Sub "${SageMakerProjectName}-${SageMakerProjectId}"]
          ModelApprovalStatus: [Approved]
      Targets:
        - {Id: deploy, Arn: !GetAtt DeployFunction.Arn}
  InvokePermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref DeployFunction
      Principal: events.amazonaws.com
      SourceArn: !GetAtt ApprovedModels.Arn
  Repository:
    Type: AWS::SageMaker::CodeRepository
    Properties:
      CodeRepositoryName: !Sub "sagemaker-${SageMakerProjectId}-modelbuild"
      GitConfig: {RepositoryUrl: !Sub "https://git.example.com/org/${SageMakerProjectName}-modelbuild.git", Branch: main}
Outputs:
  FunctionArn: {Value: !GetAtt DeployFunction.Arn}
  RuleArn: {Value: !GetAtt ApprovedModels.Arn}
  ArtifactsBucket: {Value: !Ref Artifacts}
"""

SPEC = {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", "ModelDataUrl": "s3://models/churn/model.tar.gz"}],
        "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}


def deployment(s3, bucket, group, version, timeout=20.0):
    """The record the function wrote for a version, or None when it did not within `timeout`."""
    deadline = time.time() + timeout
    while True:
        try:
            return json.loads(s3.get_object(Bucket=bucket, Key=f"deployments/{group}/{version}.json")["Body"].read())
        except s3.exceptions.NoSuchKey:
            if time.time() >= deadline:
                return None
            time.sleep(0.05)


def test_flagship_template_runs_end_to_end(server, unique, organization):  # noqa: F811
    org = organization
    s3, sm, iam = server.client("s3"), server.client("sagemaker"), server.client("iam")
    lam, events, cfn = server.client("lambda"), server.client("events"), server.client("cloudformation")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("app.py", DEPLOY_CODE)
    s3.put_object(Bucket=org["bucket"], Key="code/deploy.zip", Body=archive.getvalue())
    s3.put_object(Bucket=org["bucket"], Key="mlops/flagship.yaml", Body=FLAGSHIP.encode(), Tagging="sagemaker:studio-visibility=true")
    launch_role = org["launch"].split("/")[-1]
    iam.put_role_policy(RoleName=launch_role, PolicyName="runtime", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["lambda:*", "events:*", "secretsmanager:*", "sagemaker:*CodeRepository", "sagemaker:AddTags", "sagemaker:DeleteTags"],
         "Resource": "*"}]}))

    name = f"churn-{unique}"
    project_id = sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "flagship", "TemplateURL": f"https://{org['bucket']}.s3.amazonaws.com/mlops/flagship.yaml", "RoleARN": org["launch"],
        "Parameters": [{"Key": "CodeBucket", "Value": org["bucket"]}]}}])["ProjectId"]
    project = wait_for_project(sm, name, {"CreateCompleted", "CreateFailed"}, timeout=60)
    stack_detail = project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]
    assert project["ProjectStatus"] == "CreateCompleted", stack_detail
    stack = cfn.describe_stacks(StackName=stack_detail["Id"])["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    function_name = f"sagemaker-{project_id}-deploy"
    assert outputs["FunctionArn"] == f"arn:aws:lambda:us-east-1:{server.account_id}:function:{function_name}"
    function_tags = lam.get_function(FunctionName=function_name)["Tags"]
    assert (function_tags["sagemaker:project-name"], function_tags["sagemaker:project-id"]) == (name, project_id)
    rule_tags = {t["Key"]: t["Value"] for t in events.list_tags_for_resource(ResourceARN=outputs["RuleArn"])["Tags"]}
    assert rule_tags["sagemaker:project-id"] == project_id
    tagging = server.client("resourcegroupstaggingapi")
    tagged = {m["ResourceARN"] for m in tagging.get_resources(TagFilters=[{"Key": "sagemaker:project-id", "Values": [project_id]}])["ResourceTagMappingList"]}
    assert {outputs["FunctionArn"], outputs["RuleArn"]} <= tagged
    assert [m["ResourceARN"] for m in tagging.get_resources(
        TagFilters=[{"Key": "sagemaker:project-id", "Values": [project_id]}], ResourceTypeFilters=["lambda:function"])["ResourceTagMappingList"]] == [outputs["FunctionArn"]]
    repository = sm.describe_code_repository(CodeRepositoryName=f"sagemaker-{project_id}-modelbuild")
    assert repository["GitConfig"]["RepositoryUrl"].endswith(f"{name}-modelbuild.git")

    # The data scientist's pipeline registers a version: pending approval, nothing is deployed.
    group = f"{name}-{project_id}"
    sm.create_model_package_group(ModelPackageGroupName=group)
    first = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=SPEC, ModelApprovalStatus="PendingManualApproval")["ModelPackageArn"]
    artifacts = outputs["ArtifactsBucket"]
    assert deployment(s3, artifacts, group, 1, timeout=1.0) is None

    # Approval runs the project's own code, as its role, reading the token through Slipway.
    sm.update_model_package(ModelPackageArn=first, ModelApprovalStatus="Approved", ApprovalDescription="AUC 0.91 on holdout")
    record = deployment(s3, artifacts, group, 1)
    assert record is not None, server.slipway("logs", "function", function_name, "--endpoint-url", server.endpoint).stdout
    role_name = stack_resource(cfn, stack_detail["Id"], "DeployRole")
    assert record == {"model": first, "status": "Approved", "token_length": 40, "function": function_name,
                      "caller": f"arn:aws:sts::{server.account_id}:assumed-role/{role_name}/{function_name}"}
    log = server.slipway("logs", "function", function_name, "--endpoint-url", server.endpoint)
    assert log.returncode == 0 and "REPORT RequestId:" in log.stdout

    # Without the permission for EventBridge, an approval invokes nothing and the failed delivery is kept.
    statement = stack_resource(cfn, stack_detail["Id"], "InvokePermission")
    lam.remove_permission(FunctionName=function_name, StatementId=statement)
    second = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=SPEC)["ModelPackageArn"]
    sm.update_model_package(ModelPackageArn=second, ModelApprovalStatus="Approved")
    failed = []
    deadline = time.time() + 20
    while time.time() < deadline and not failed:
        listing = json.loads(server.slipway("events", "failed", "--json", "--endpoint-url", server.endpoint).stdout or "{}")
        failed = [d for d in listing.get("Deliveries", []) if d["RuleArn"] == outputs["RuleArn"]]
        time.sleep(0.1)
    assert failed and "lambda:InvokeFunction" in failed[0]["LastError"] and json.loads(failed[0]["Payload"])["detail"]["ModelPackageArn"] == second
    assert deployment(s3, artifacts, group, 2, timeout=0.5) is None

    # Deleting the project removes what its stack made.
    for key in [o["Key"] for o in s3.list_objects_v2(Bucket=artifacts).get("Contents", [])]:
        s3.delete_object(Bucket=artifacts, Key=key)
    sm.delete_project(ProjectName=name)
    assert wait_for_project(sm, name, {"DeleteCompleted", "DeleteFailed"}, timeout=60)["ProjectStatus"] == "DeleteCompleted"
    expect_error("ResourceNotFoundException", lam.get_function, FunctionName=function_name)
    assert not {outputs["FunctionArn"], outputs["RuleArn"]} & {
        m["ResourceARN"] for m in tagging.get_resources(TagFilters=[{"Key": "sagemaker:project-id", "Values": [project_id]}])["ResourceTagMappingList"]}
    expect_error("ResourceNotFoundException", events.describe_rule, Name=outputs["RuleArn"].split("/")[-1])
    with pytest.raises(Exception):
        sm.describe_code_repository(CodeRepositoryName=f"sagemaker-{project_id}-modelbuild")


def stack_resource(cfn, stack, logical_id):
    return cfn.describe_stack_resource(StackName=stack, LogicalResourceId=logical_id)["StackResourceDetail"]["PhysicalResourceId"]
