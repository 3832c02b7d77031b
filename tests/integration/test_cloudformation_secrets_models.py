"""AWS::SecretsManager::Secret (with a generated value), AWS::SageMaker::ModelPackageGroup and
AWS::SageMaker::CodeRepository in stacks and projects: made through their services, tagged with the project, changed
by updates and removed with the stack; and the code repository API itself."""

import json

from helpers import expect_error
from test_sagemaker_projects import organization, wait_for_project  # noqa: F401  (fixture)

TEMPLATE = """
Parameters:
  SageMakerProjectName: {Type: String}
  SageMakerProjectId: {Type: String}
  Purpose: {Type: String, Default: dispatch token}
Resources:
  Token:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: !Ref Purpose
      GenerateSecretString: {SecretStringTemplate: '{"user": "ci"}', GenerateStringKey: password, PasswordLength: 24, ExcludePunctuation: true}
  Models:
    Type: AWS::SageMaker::ModelPackageGroup
    Properties:
      ModelPackageGroupName: !Sub "${SageMakerProjectName}-${SageMakerProjectId}"
      ModelPackageGroupDescription: Models of the project
  Repository:
    Type: AWS::SageMaker::CodeRepository
    Properties:
      GitConfig: {RepositoryUrl: "https://git.example.com/org/churn.git", Branch: main, SecretArn: !Ref Token}
Outputs:
  RepositoryName: {Value: !GetAtt Repository.CodeRepositoryName}
  TokenArn: {Value: !Ref Token}
  GroupArn: {Value: !GetAtt Models.ModelPackageGroupArn}
"""


def test_secrets_and_model_groups_in_a_project(server, unique, organization):  # noqa: F811
    org = organization
    s3, sm, secrets = server.client("s3"), server.client("sagemaker"), server.client("secretsmanager")
    s3.put_object(Bucket=org["bucket"], Key="mlops/runtime.yaml", Body=TEMPLATE.encode())
    url = f"https://{org['bucket']}.s3.amazonaws.com/mlops/runtime.yaml"
    iam = server.client("iam")
    iam.put_role_policy(RoleName=org["launch"].split("/")[-1], PolicyName="runtime", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["secretsmanager:*", "sagemaker:*ModelPackageGroup", "sagemaker:*CodeRepository", "sagemaker:AddTags",
                                                 "sagemaker:DeleteTags"], "Resource": "*"}]}))
    name = f"rt-{unique}"
    project_id = sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {"TemplateName": "rt", "TemplateURL": url, "RoleARN": org["launch"]}}])["ProjectId"]
    project = wait_for_project(sm, name, {"CreateCompleted", "CreateFailed"})
    assert project["ProjectStatus"] == "CreateCompleted", project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]
    stack_id = project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]["Id"]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in server.client("cloudformation").describe_stacks(StackName=stack_id)["Stacks"][0]["Outputs"]}

    value = json.loads(secrets.get_secret_value(SecretId=outputs["TokenArn"])["SecretString"])
    assert value["user"] == "ci" and len(value["password"]) == 24 and value["password"].isalnum()
    described = secrets.describe_secret(SecretId=outputs["TokenArn"])
    assert described["Description"] == "dispatch token"
    assert {t["Key"]: t["Value"] for t in described["Tags"]}["sagemaker:project-id"] == project_id
    group = sm.describe_model_package_group(ModelPackageGroupName=f"{name}-{project_id}")
    assert group["ModelPackageGroupArn"] == outputs["GroupArn"] and group["ModelPackageGroupDescription"] == "Models of the project"
    assert {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=outputs["GroupArn"])["Tags"]}["sagemaker:project-name"] == name
    repository = sm.describe_code_repository(CodeRepositoryName=outputs["RepositoryName"])
    assert repository["GitConfig"] == {"RepositoryUrl": "https://git.example.com/org/churn.git", "Branch": "main", "SecretArn": outputs["TokenArn"]}
    assert {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=repository["CodeRepositoryArn"])["Tags"]}["sagemaker:project-id"] == project_id
    # The generated value is in neither the template nor the stack's records.
    template = server.client("cloudformation").get_template(StackName=stack_id)["TemplateBody"]
    assert value["password"] not in template

    sm.update_project(ProjectName=name, TemplateProvidersToUpdate=[{"CfnTemplateProvider": {
        "TemplateName": "rt", "TemplateURL": url, "Parameters": [{"Key": "Purpose", "Value": "deploy token"}]}}])
    assert wait_for_project(sm, name, {"UpdateCompleted", "UpdateFailed"})["ProjectStatus"] == "UpdateCompleted"
    assert secrets.describe_secret(SecretId=outputs["TokenArn"])["Description"] == "deploy token"

    sm.delete_project(ProjectName=name)
    wait_for_project(sm, name, {"DeleteCompleted", "DeleteFailed"})
    expect_error("ResourceNotFoundException", secrets.describe_secret, SecretId=outputs["TokenArn"])
    expect_error("ValidationException", sm.describe_model_package_group, ModelPackageGroupName=f"{name}-{project_id}")
    expect_error("ValidationException", sm.describe_code_repository, CodeRepositoryName=outputs["RepositoryName"])


def test_code_repositories(server, unique):
    sm = server.client("sagemaker")
    arn = sm.create_code_repository(CodeRepositoryName=f"Repo-{unique}", GitConfig={"RepositoryUrl": "https://git.example.com/org/a.git"},
                                    Tags=[{"Key": "team", "Value": "ml"}])["CodeRepositoryArn"]
    assert arn == f"arn:aws:sagemaker:us-east-1:{server.account_id}:code-repository/repo-{unique}"
    sm.create_code_repository(CodeRepositoryName=f"Alpha-{unique}", GitConfig={"RepositoryUrl": "https://git.example.com/org/b.git", "Branch": "dev"})
    expect_error("ValidationException", sm.create_code_repository, CodeRepositoryName=f"repo-{unique}", GitConfig={"RepositoryUrl": "https://git.example.com/x.git"})
    expect_error("ValidationException", sm.create_code_repository, CodeRepositoryName=f"ssh-{unique}", GitConfig={"RepositoryUrl": "git@example.com:org/a.git"})
    described = sm.describe_code_repository(CodeRepositoryName=f"Repo-{unique}")
    assert described["GitConfig"] == {"RepositoryUrl": "https://git.example.com/org/a.git"}
    secret = f"arn:aws:secretsmanager:us-east-1:{server.account_id}:secret:git-AbCdEf"
    sm.update_code_repository(CodeRepositoryName=f"Repo-{unique}", GitConfig={"SecretArn": secret})
    assert sm.describe_code_repository(CodeRepositoryName=f"Repo-{unique}")["GitConfig"]["SecretArn"] == secret
    listed = sm.list_code_repositories(NameContains=unique, SortBy="Name", SortOrder="Ascending")["CodeRepositorySummaryList"]
    assert [r["CodeRepositoryName"] for r in listed] == [f"Alpha-{unique}", f"Repo-{unique}"]
    sm.delete_code_repository(CodeRepositoryName=f"Repo-{unique}")
    expect_error("ValidationException", sm.describe_code_repository, CodeRepositoryName=f"Repo-{unique}")
