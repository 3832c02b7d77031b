"""Projects with the aws CLI, as an administrator and a data scientist would type them: a domain and its tag, a
project launched from an S3 template, described, listed, found by tag, updated and deleted."""

import json
import time

from test_sagemaker_projects import SAGEMAKER_TRUST, TEMPLATE


def cli_json(server, *args):
    return json.loads(server.aws(*args, "--output", "json").stdout or "{}")


def test_projects_with_the_aws_cli(server, unique, tmp_path):
    bucket = f"cli-sm-{unique}"
    server.aws("s3api", "create-bucket", "--bucket", bucket)
    server.aws("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled")
    template = tmp_path / "churn.yaml"
    template.write_text(TEMPLATE)
    server.aws("s3", "cp", str(template), f"s3://{bucket}/mlops/churn.yaml")
    server.aws("s3api", "put-object-tagging", "--bucket", bucket, "--key", "mlops/churn.yaml",
               "--tagging", "TagSet=[{Key=sagemaker:studio-visibility,Value=true}]")
    role = cli_json(server, "iam", "create-role", "--role-name", f"cli-launch-{unique}", "--assume-role-policy-document", SAGEMAKER_TRUST)["Role"]["Arn"]
    server.aws("iam", "put-role-policy", "--role-name", f"cli-launch-{unique}", "--policy-name", "p", "--policy-document",
               json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "iam:*"], "Resource": "*"}]}))
    domain = cli_json(server, "sagemaker", "create-domain", "--domain-name", f"cli-{unique}", "--auth-mode", "IAM",
                      "--default-user-settings", json.dumps({"ExecutionRole": role}), "--subnet-ids", "subnet-1", "--vpc-id", "vpc-1")
    server.aws("sagemaker", "add-tags", "--resource-arn", domain["DomainArn"], "--tags",
               f"Key=sagemaker:projectS3TemplatesLocation,Value=s3://{bucket}/mlops/")
    assert cli_json(server, "sagemaker", "describe-domain", "--domain-id", domain["DomainId"])["Status"] == "InService"

    name = f"cli-{unique}"
    url = f"https://{bucket}.s3.amazonaws.com/mlops/churn.yaml"
    created = cli_json(server, "sagemaker", "create-project", "--project-name", name, "--template-providers", json.dumps([
        {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": url, "RoleARN": role, "Parameters": [{"Key": "Stage", "Value": "dev"}]}}]))
    deadline = time.time() + 30
    while cli_json(server, "sagemaker", "describe-project", "--project-name", name)["ProjectStatus"] != "CreateCompleted" and time.time() < deadline:
        time.sleep(0.2)
    described = cli_json(server, "sagemaker", "describe-project", "--project-name", name)
    assert described["ProjectStatus"] == "CreateCompleted" and described["ProjectId"] == created["ProjectId"]
    listed = cli_json(server, "sagemaker", "list-projects", "--name-contains", unique)["ProjectSummaryList"]
    assert [p["ProjectName"] for p in listed] == [name]
    found = cli_json(server, "resourcegroupstaggingapi", "get-resources", "--tag-filters", f"Key=sagemaker:project-id,Values={created['ProjectId']}",
                     "--resource-type-filters", "s3")["ResourceTagMappingList"]
    assert [r["ResourceARN"] for r in found] == [f"arn:aws:s3:::sagemaker-{name}-{created['ProjectId']}-artifacts"]

    server.aws("sagemaker", "update-project", "--project-name", name, "--template-providers-to-update", json.dumps([
        {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": url, "Parameters": [{"Key": "Stage", "Value": "prod"}]}}]))
    deadline = time.time() + 30
    while cli_json(server, "sagemaker", "describe-project", "--project-name", name)["ProjectStatus"] != "UpdateCompleted" and time.time() < deadline:
        time.sleep(0.2)
    assert cli_json(server, "sagemaker", "describe-project", "--project-name", name)["ProjectStatus"] == "UpdateCompleted"
    server.aws("sagemaker", "delete-project", "--project-name", name)
    deadline = time.time() + 30
    while cli_json(server, "sagemaker", "describe-project", "--project-name", name)["ProjectStatus"] != "DeleteCompleted" and time.time() < deadline:
        time.sleep(0.2)
    assert cli_json(server, "sagemaker", "describe-project", "--project-name", name)["ProjectStatus"] == "DeleteCompleted"
    refused = server.aws("sagemaker", "describe-project", "--project-name", f"none-{unique}", check=False)
    assert refused.returncode != 0 and "ValidationException" in refused.stderr
