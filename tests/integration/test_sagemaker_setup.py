"""slipway projects setup does the administrator's whole checklist in one idempotent command; a data scientist with a
narrow policy then discovers the templates and launches one through the least-privilege launch role it made."""

import json

from helpers import allow, make_user, policy
from test_sagemaker_discovery import signed
from test_sagemaker_projects import wait_for_project


def test_one_command_sets_up_projects_and_a_project_launches(server, unique):
    s3, iam, sm = server.client("s3"), server.client("iam"), server.client("sagemaker")
    bucket, domain_name = f"setup-{unique}", f"setup-{unique}"
    run = server.slipway("projects", "setup", "--bucket", bucket, "--prefix", "mlops", "--domain-name", domain_name, "--endpoint-url", server.endpoint)
    assert run.returncode == 0, run.stderr
    assert f"created bucket {bucket}" in run.stdout and "created role AmazonSageMakerProjectsLaunchRole" in run.stdout
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"][0]["AllowedMethods"] == ["GET", "HEAD"]
    launch = iam.get_role(RoleName="AmazonSageMakerProjectsLaunchRole")["Role"]
    assert launch["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"] in ("sagemaker.amazonaws.com", ["sagemaker.amazonaws.com"])
    document = iam.get_role_policy(RoleName="AmazonSageMakerProjectsLaunchRole", PolicyName="provision-projects")["PolicyDocument"]
    statements = (json.loads(document) if isinstance(document, str) else document)["Statement"]
    assert all(r != "*" for statement in statements for r in statement["Resource"])  # least privilege: nothing on every resource
    iam.get_role(RoleName="AmazonSageMakerProjectsUseRole")
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"])
    assert keys == ["mlops/mlops-artifacts.yaml", "mlops/mlops-github-actions.yaml", "mlops/mlops-model-building.yaml"]
    domain = [d for d in sm.list_domains()["Domains"] if d["DomainName"] == domain_name]
    assert len(domain) == 1
    assert {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=domain[0]["DomainArn"])["Tags"]}["sagemaker:projectS3TemplatesLocation"] == f"s3://{bucket}/mlops/"

    again = server.slipway("projects", "setup", "--bucket", bucket, "--prefix", "mlops", "--domain-name", domain_name, "--endpoint-url", server.endpoint)
    assert again.returncode == 0, again.stderr
    assert f"bucket {bucket} exists" in again.stdout and "role AmazonSageMakerProjectsLaunchRole brought up to date" in again.stdout
    assert len([d for d in sm.list_domains()["Domains"] if d["DomainName"] == domain_name]) == 1

    # A data scientist with only what the command says they need discovers and launches through the launch role.
    account = server.account_id
    key, secret = make_user(server, f"ds-{unique}", policy(
        allow(["sagemaker:CreateProject", "sagemaker:DescribeProject", "sagemaker:ListProjects", "sagemaker:ListProjectTemplates"]),
        allow("iam:PassRole", f"arn:aws:iam::{account}:role/AmazonSageMakerProjectsLaunchRole"),
        allow(["s3:ListBucket", "s3:GetObject", "s3:GetObjectTagging"], [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"])))
    listing = signed(server, "GET", "/_slipway/templates", key, secret, params={"DomainId": domain[0]["DomainId"]}).json()
    urls = {t["Name"]: t["TemplateURL"] for t in listing["Templates"]}
    assert set(urls) == {"mlops-artifacts", "mlops-model-building", "mlops-github-actions"} and listing["Problems"] == []
    scientist = server.client("sagemaker", key=key, secret=secret)
    # Each provided template launches through the least-privilege role (the whole loop's is driven in test_modelops_loop).
    for template in ("mlops-artifacts", "mlops-model-building", "mlops-github-actions"):
        name = f"{template[6:]}-{unique}"[:32]
        scientist.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
            "TemplateName": template, "TemplateURL": urls[template], "RoleARN": f"arn:aws:iam::{account}:role/AmazonSageMakerProjectsLaunchRole"}}])
        project = wait_for_project(scientist, name, {"CreateCompleted", "CreateFailed"})
        assert project["ProjectStatus"] == "CreateCompleted", project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]
