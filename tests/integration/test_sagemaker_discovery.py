"""Template discovery under /_slipway/ (SigV4-signed as every call): a domain's tagged S3 location, only the visible
templates with their launch forms, invalid ones with their validation error, and each misconfiguration reported the
way an administrator fixes it; and the preview of a project update before it runs."""

import json

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from helpers import allow, make_user, policy
from test_sagemaker_projects import SAGEMAKER_TRUST, TEMPLATE, wait_for_project

FORM = """
Description: Train and deploy
Metadata:
  AWS::CloudFormation::Interface:
    ParameterGroups:
      - Label: {default: Model}
        Parameters: [InstanceType, Epochs]
    ParameterLabels:
      InstanceType: {default: Training instance}
Parameters:
  SageMakerProjectName: {Type: String}
  InstanceType: {Type: String, Default: ml.m5.large, AllowedValues: [ml.m5.large, ml.m5.xlarge], Description: Where training runs}
  Epochs: {Type: Number, MinValue: 1, MaxValue: 100, Default: 10}
  Token: {Type: String, NoEcho: true, MinLength: 8, ConstraintDescription: at least 8 characters}
Resources:
  Placeholder: {Type: AWS::CloudFormation::WaitConditionHandle}
"""


def signed(server, method, path, key=None, secret=None, params=None, body=None):
    url = f"{server.endpoint}{path}"
    data = json.dumps(body).encode() if body is not None else b""
    request = AWSRequest(method=method, url=url, data=data, params=params or {}, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(key or server.root_key, secret or server.root_secret), "slipway", "us-east-1").add_auth(request)
    prepared = request.prepare()
    return requests.request(method, prepared.url, headers=dict(prepared.headers), data=data, timeout=30)


def test_discovery_lists_the_visible_templates_and_explains_what_is_wrong(server, unique):
    s3, sm = server.client("s3"), server.client("sagemaker")
    bucket = f"disc-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    visible = {"TagSet": [{"Key": "sagemaker:studio-visibility", "Value": "true"}]}
    version = s3.put_object(Bucket=bucket, Key="org/train.yaml", Body=FORM.encode(), Tagging="sagemaker:studio-visibility=true")["VersionId"]
    s3.put_object(Bucket=bucket, Key="org/draft.yaml", Body=FORM.encode())
    s3.put_object(Bucket=bucket, Key="org/broken.yaml", Body=b"Resources:\n  X: {Type: AWS::Foo::Bar}\n")
    s3.put_object_tagging(Bucket=bucket, Key="org/broken.yaml", Tagging=visible)
    s3.put_object(Bucket=bucket, Key="org/README.md", Body=b"not a template")
    role = server.client("iam").create_role(RoleName=f"disc-exec-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    untagged = sm.create_domain(DomainName=f"untagged-{unique}", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": role})["DomainId"]
    answer = signed(server, "GET", "/_slipway/templates", params={"DomainId": untagged})
    assert answer.status_code == 400 and "has no sagemaker:projectS3TemplatesLocation tag" in answer.text

    domain = sm.create_domain(DomainName=f"disc-{unique}", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": role},
                              Tags=[{"Key": "sagemaker:projectS3TemplatesLocation", "Value": f"s3://{bucket}/org/"}])["DomainId"]
    answer = signed(server, "GET", "/_slipway/templates", params={"DomainId": domain})
    assert answer.status_code == 200, answer.text
    listing = answer.json()
    assert listing["TemplatesLocation"] == f"s3://{bucket}/org/" and listing["Problems"] == []
    templates = {t["Name"]: t for t in listing["Templates"]}
    assert set(templates) == {"train", "broken"}
    train = templates["train"]
    assert (train["TemplateURL"], train["VersionId"], train["Description"]) == (
        f"https://{bucket}.s3.us-east-1.amazonaws.com/org/train.yaml", version, "Train and deploy")
    assert "ValidationError" not in train or train["ValidationError"] is None
    parameters = {p["Name"]: p for p in train["Parameters"]}
    assert list(parameters) == ["InstanceType", "Epochs", "Token"]  # SageMakerProjectName is supplied, not asked
    assert parameters["InstanceType"]["AllowedValues"] == ["ml.m5.large", "ml.m5.xlarge"]
    assert (parameters["InstanceType"]["Label"], parameters["InstanceType"]["Group"]) == ("Training instance", "Model")
    assert (parameters["Epochs"]["Type"], parameters["Epochs"]["MinValue"], parameters["Epochs"]["Default"]) == ("Number", 1, "10")
    assert parameters["Token"]["NoEcho"] is True and parameters["Token"]["ConstraintDescription"] == "at least 8 characters"
    assert train["ParameterGroups"] == [{"Label": "Model", "Parameters": ["InstanceType", "Epochs"]}]
    assert templates["broken"]["ValidationError"] == "Template format error: Unrecognized resource types: [AWS::Foo::Bar]"

    # The same listing from the command line, signed with the data directory's default profile.
    cli = server.slipway("templates", "list", "--domain", domain, "--endpoint-url", server.endpoint)
    assert cli.returncode == 0, cli.stderr
    assert f"- train (version {version}): Train and deploy" in cli.stdout
    assert 'InstanceType "Training instance": String, default ml.m5.large, one of ml.m5.large | ml.m5.xlarge' in cli.stdout
    assert "does not validate: Template format error: Unrecognized resource types: [AWS::Foo::Bar]" in cli.stdout
    cli = server.slipway("templates", "list", "--domain", untagged, "--endpoint-url", server.endpoint)
    assert cli.returncode != 0 and "has no sagemaker:projectS3TemplatesLocation tag" in cli.stderr

    # A reader without s3:GetObjectTagging sees why nothing is listed; one without s3:ListBucket, why it cannot look.
    key, secret = make_user(server, f"notags-{unique}", policy(allow("sagemaker:*"), allow(["s3:ListBucket", "s3:GetObject"])))
    listing = signed(server, "GET", "/_slipway/templates", key, secret, params={"DomainId": domain}).json()
    assert listing["Templates"] == []
    problems = {p["Key"]: p["Problem"] for p in listing["Problems"]}
    assert set(problems) == {"org/train.yaml", "org/draft.yaml", "org/broken.yaml"}
    assert "needs s3:GetObjectTagging" in problems["org/train.yaml"] and "is not authorized to perform: s3:GetObjectTagging" in problems["org/train.yaml"]
    key, secret = make_user(server, f"nolist-{unique}", policy(allow("sagemaker:*")))
    answer = signed(server, "GET", "/_slipway/templates", key, secret, params={"DomainId": domain})
    assert answer.status_code == 400 and "needs s3:ListBucket" in answer.text
    key, secret = make_user(server, f"nothing-{unique}", policy(allow("s3:*")))
    assert signed(server, "GET", "/_slipway/templates", key, secret, params={"DomainId": domain}).status_code == 403

    gone = sm.create_domain(DomainName=f"gone-{unique}", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": role},
                            Tags=[{"Key": "sagemaker:projectS3TemplatesLocation", "Value": f"s3://nobucket-{unique}/x/"}])["DomainId"]
    answer = signed(server, "GET", "/_slipway/templates", params={"DomainId": gone})
    assert answer.status_code == 400 and f"The bucket nobucket-{unique}" in answer.text and "does not exist" in answer.text


def test_a_project_update_is_previewed_before_it_runs(server, unique):
    s3, iam, sm = server.client("s3"), server.client("iam"), server.client("sagemaker")
    bucket = f"plan-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="churn.yaml", Body=TEMPLATE.encode())
    launch = iam.create_role(RoleName=f"plan-launch-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"plan-launch-{unique}", PolicyName="all", PolicyDocument=policy(allow(["s3:*", "iam:*"])))
    url = f"https://{bucket}.s3.amazonaws.com/churn.yaml"
    name = f"plan-{unique}"
    sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": url, "RoleARN": launch}}])
    assert wait_for_project(sm, name, {"CreateCompleted", "CreateFailed"})["ProjectStatus"] == "CreateCompleted"
    # The template's provenance: the version the project runs, and what its location holds now.
    first = signed(server, "GET", f"/_slipway/projects/{name}/template").json()
    assert (first["TemplateURL"], first["UpdateAvailable"]) == (url, False) and first["VersionId"] == first["LatestVersionId"] is not None

    v2 = TEMPLATE.replace('BucketName: !Sub "sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-artifacts"',
                          'BucketName: !Sub "sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-models"')
    version = s3.put_object(Bucket=bucket, Key="churn.yaml", Body=v2.encode())["VersionId"]
    later = signed(server, "GET", f"/_slipway/projects/{name}/template").json()
    assert (later["VersionId"], later["LatestVersionId"], later["UpdateAvailable"]) == (first["VersionId"], version, True)
    missing = signed(server, "GET", f"/_slipway/projects/none-{unique}/template")
    assert missing.status_code == 400 and "does not exist" in missing.text
    provider = {"CfnTemplateProvider": {"TemplateName": "churn", "TemplateURL": url, "Parameters": [{"Key": "Stage", "Value": "prod"}]}}
    answer = signed(server, "POST", f"/_slipway/projects/{name}/plan", body={"TemplateProvidersToUpdate": [provider]})
    assert answer.status_code == 200, answer.text
    plan = answer.json()
    assert plan["VersionId"] == version
    changes = {c["LogicalResourceId"]: c for c in plan["Changes"]}
    assert (changes["Artifacts"]["Action"], changes["Artifacts"]["Replacement"]) == ("Modify", "True")
    assert sorted(changes["Artifacts"]["ChangedProperties"]) == ["BucketName", "Tags"]
    # Its policy names the replaced bucket: changed in place once the new bucket's name is known.
    assert (changes["PipelineAccess"]["Action"], changes["PipelineAccess"]["Replacement"]) == ("Modify", "False")
    assert changes["PipelineAccess"]["ChangedProperties"] == ["PolicyDocument"]
    cli = server.slipway("project", "plan", name, "--template-url", url, "--parameter", "Stage=prod", "--endpoint-url", server.endpoint)
    assert cli.returncode == 0, cli.stderr
    assert f"(version {version}) would make" in cli.stdout
    assert "- Modify Artifacts (AWS::S3::Bucket), replacement True [BucketName, Tags]" in cli.stdout
    assert sm.describe_project(ProjectName=name)["ProjectStatus"] == "CreateCompleted"  # a plan changes nothing
    # Run, the update does what the plan said: Artifacts replaced (new name, old bucket gone), its policy changed in place.
    project_id = sm.describe_project(ProjectName=name)["ProjectId"]
    before = f"sagemaker-{name}-{project_id}-artifacts"
    sm.update_project(ProjectName=name, TemplateProvidersToUpdate=[provider])
    assert wait_for_project(sm, name, {"UpdateCompleted", "UpdateFailed"})["ProjectStatus"] == "UpdateCompleted"
    after = f"sagemaker-{name}-{project_id}-models"
    s3.head_bucket(Bucket=after)
    assert before not in {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=after)["TagSet"]}["stage"] == "prod"
    stack_id = sm.describe_project(ProjectName=name)["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]["Id"]
    role = [r["PhysicalResourceId"] for r in server.client("cloudformation").describe_stack_resources(StackName=stack_id)["StackResources"]
            if r["LogicalResourceId"] == "PipelineRole"][0]
    document = iam.get_role_policy(RoleName=role, PolicyName="artifacts")["PolicyDocument"]
    assert (json.loads(document) if isinstance(document, str) else document)["Statement"][0]["Resource"] == f"arn:aws:s3:::{after}"
    bad = {"CfnTemplateProvider": {**provider["CfnTemplateProvider"], "Parameters": [{"Key": "Stage", "Value": "qa"}]}}
    answer = signed(server, "POST", f"/_slipway/projects/{name}/plan", body={"TemplateProvidersToUpdate": [bad]})
    assert answer.status_code == 400 and "Stage" in answer.text


def test_provided_templates_are_listed_launched_and_published(server, unique):
    s3, iam, sm = server.client("s3"), server.client("iam"), server.client("sagemaker")
    answer = signed(server, "GET", "/_slipway/provided-templates")
    assert answer.status_code == 200, answer.text
    provided = {t["Name"]: t for t in answer.json()["Templates"]}
    assert set(provided) == {"mlops-artifacts", "mlops-model-building", "mlops-github-actions"}
    artifacts = provided["mlops-artifacts"]
    assert artifacts["TemplateURL"] == "https://slipway-provided-templates.s3.amazonaws.com/mlops-artifacts.yaml"
    assert artifacts.get("ValidationError") is None
    assert [p["Name"] for p in artifacts["Parameters"]] == ["NoncurrentVersionDays"]
    assert artifacts["Parameters"][0]["Label"] == "Days to keep old artifact versions"

    # Launched the same way as an organization's template, through its URL.
    launch = iam.create_role(RoleName=f"provided-launch-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"provided-launch-{unique}", PolicyName="all", PolicyDocument=policy(allow(["s3:*", "iam:*"])))
    name = f"provided-{unique}"
    project_id = sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "mlops-artifacts", "TemplateURL": artifacts["TemplateURL"], "RoleARN": launch,
        "Parameters": [{"Key": "NoncurrentVersionDays", "Value": "7"}]}}])["ProjectId"]
    assert wait_for_project(sm, name, {"CreateCompleted", "CreateFailed"})["ProjectStatus"] == "CreateCompleted"
    bucket = f"sagemaker-project-{project_id}-artifacts"
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]["NoncurrentVersionExpiration"]["NoncurrentDays"] == 7
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]["BlockPublicPolicy"] is True

    # Published into an organization's bucket, tagged visible, it is discovered like any of theirs.
    org = f"pub-{unique}"
    s3.create_bucket(Bucket=org)
    s3.put_bucket_versioning(Bucket=org, VersioningConfiguration={"Status": "Enabled"})
    cli = server.slipway("templates", "publish", "mlops-model-building", f"s3://{org}/mlops", "--endpoint-url", server.endpoint)
    assert cli.returncode == 0, cli.stderr
    assert f"https://{org}.s3.us-east-1.amazonaws.com/mlops/mlops-model-building.yaml" in cli.stdout
    tags = s3.get_object_tagging(Bucket=org, Key="mlops/mlops-model-building.yaml")["TagSet"]
    assert tags == [{"Key": "sagemaker:studio-visibility", "Value": "true"}]
    role = iam.create_role(RoleName=f"pub-exec-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    domain = sm.create_domain(DomainName=f"pub-{unique}", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": role},
                              Tags=[{"Key": "sagemaker:projectS3TemplatesLocation", "Value": f"s3://{org}/mlops/"}])["DomainId"]
    listing = signed(server, "GET", "/_slipway/templates", params={"DomainId": domain}).json()
    assert [t["Name"] for t in listing["Templates"]] == ["mlops-model-building"]
    assert {t["Name"] for t in listing["ProvidedTemplates"]} == {"mlops-artifacts", "mlops-model-building", "mlops-github-actions"}
    cli = server.slipway("templates", "provided", "--endpoint-url", server.endpoint)
    assert "- mlops-artifacts: Artifacts store for a project" in cli.stdout
    # Publishing needs the caller's own s3:PutObject and s3:PutObjectTagging.
    key, secret = make_user(server, f"nopub-{unique}", policy(allow("sagemaker:*")))
    answer = signed(server, "POST", "/_slipway/provided-templates/mlops-artifacts/publish", key, secret, body={"Destination": f"s3://{org}/mlops/"})
    assert answer.status_code == 400 and "is not authorized to perform: s3:PutObject" in answer.text
