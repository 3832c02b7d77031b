"""The web console in a real browser (Debian's chromium driven by Playwright): signing in and out, sessions that end
when their credentials do, forged posts refused, and the Projects page answering as the signed-in principal."""

import json
import re
import time

import botocore.exceptions
import pytest
import requests
from playwright.sync_api import expect

from conftest import screenshot
from helpers import allow, expect_error, make_user, policy
from test_git import commit_file, git
from test_workflows import GATE, forge_repo, latest_run, wait_for_status  # noqa: F401 (forge_repo is a fixture)


def sign_in(page, server, key, secret, token=None):
    page.goto(f"{server.endpoint}/console/")
    page.get_by_label("Access key ID").fill(key)
    page.get_by_label("Secret access key").fill(secret)
    if token:
        page.get_by_label("Session token").fill(token)
    page.get_by_role("button", name="Sign in").click()


def session_cookie(page):
    return next(cookie for cookie in page.context.cookies() if cookie["name"] == "slipway-console")


def test_sign_in_with_access_keys_shows_projects_and_sign_out_ends_the_session(server, page):
    page.goto(f"{server.endpoint}/console/")
    expect(page).to_have_url(re.compile(r"/console/sign-in"))
    expect(page.get_by_role("heading", name="Sign in to Slipway")).to_be_visible()
    screenshot(page, f"sign-in-{server.backend}")

    sign_in(page, server, server.root_key, server.root_secret)
    expect(page).to_have_url(re.compile(r"/console/projects$"))
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Create project")).to_be_visible()
    expect(page.get_by_text(f"Signed in as arn:aws:iam::{server.account_id}:root")).to_be_visible()
    screenshot(page, f"projects-{server.backend}")

    cookie = session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/console"
    response = requests.get(f"{server.endpoint}/console/projects", cookies={"slipway-console": cookie["value"]}, timeout=10)
    policy_header = response.headers["content-security-policy"]
    assert "script-src" not in policy_header and "default-src 'none'" in policy_header
    assert response.headers["x-frame-options"] == "DENY"

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    # The old cookie opens nothing any more, even replayed by hand.
    replay = requests.get(f"{server.endpoint}/console/projects", cookies={"slipway-console": cookie["value"]}, allow_redirects=False, timeout=10)
    assert replay.status_code == 303 and "/console/sign-in" in replay.headers["Location"]


def test_wrong_secret_is_refused_and_keeps_what_was_typed(server, page):
    sign_in(page, server, server.root_key, server.root_secret[:-1] + ("a" if server.root_secret[-1] != "a" else "b"))
    expect(page.get_by_role("alert")).to_have_text("The access key ID, secret access key or session token is not valid.")
    expect(page.get_by_label("Access key ID")).to_have_value(server.root_key)
    expect(page.get_by_label("Secret access key")).to_have_value("")
    assert "slipway-console" not in [cookie["name"] for cookie in page.context.cookies()]


def test_temporary_credentials_sign_in_with_their_session_token(server, page, unique):
    key, secret = make_user(server, f"console-temp-{unique}", policy(allow("sagemaker:ListProjects")))
    credentials = server.client("sts", key=key, secret=secret).get_session_token()["Credentials"]
    sign_in(page, server, credentials["AccessKeyId"], credentials["SecretAccessKey"])
    expect(page.get_by_role("alert")).to_have_text("The access key ID, secret access key or session token is not valid.")
    sign_in(page, server, credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()


def test_a_principal_without_rights_sees_the_explained_denial(server, page, unique):
    name = f"console-nolist-{unique}"
    key, secret = make_user(server, name, policy(allow("s3:ListAllMyBuckets")))
    sign_in(page, server, key, secret)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(f"User: arn:aws:iam::{server.account_id}:user/{name} is not authorized to perform: sagemaker:ListProjects")
    screenshot(page, f"projects-denied-{server.backend}")


def test_disabling_the_access_key_ends_the_session_at_its_next_request(server, page, unique):
    name = f"console-revoked-{unique}"
    key, secret = make_user(server, name, policy(allow("sagemaker:ListProjects")))
    sign_in(page, server, key, secret)
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
    server.client("iam").update_access_key(UserName=name, AccessKeyId=key, Status="Inactive")
    page.reload()
    expect(page).to_have_url(re.compile(r"/console/sign-in\?notice=key-revoked"))
    expect(page.get_by_role("status")).to_have_text("The access key this session was opened with can no longer be used. Sign in again.")
    # Active again, the key still needs a new sign-in: the ended session is gone.
    server.client("iam").update_access_key(UserName=name, AccessKeyId=key, Status="Active")
    page.goto(f"{server.endpoint}/console/projects")
    expect(page).to_have_url(re.compile(r"/console/sign-in"))


def test_posts_without_the_form_token_or_from_another_origin_are_refused(server, page):
    sign_in(page, server, server.root_key, server.root_secret)
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
    cookie = session_cookie(page)["value"]
    endpoint = server.endpoint
    forged = requests.post(f"{endpoint}/console/sign-out", cookies={"slipway-console": cookie}, data={}, allow_redirects=False, timeout=10)
    assert forged.status_code == 403 and "did not come from the console" in forged.text
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', requests.get(f"{endpoint}/console/projects", cookies={"slipway-console": cookie}, timeout=10).text).group(1)
    elsewhere = requests.post(
        f"{endpoint}/console/sign-out", cookies={"slipway-console": cookie}, data={"_csrf": token}, headers={"Origin": "http://evil.example"},
        allow_redirects=False, timeout=10,
    )
    assert elsewhere.status_code == 403
    # The session survived both: the page still opens.
    page.reload()
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
    # A sign-in posted without the form's own cookie is refused too (login CSRF).
    blind = requests.post(
        f"{endpoint}/console/sign-in", data={"_csrf": "0" * 64, "access_key_id": server.root_key, "secret_access_key": server.root_secret},
        allow_redirects=False, timeout=10,
    )
    assert blind.status_code == 403 and "slipway-console=" not in blind.headers.get("Set-Cookie", "")


def test_an_idle_session_ends_and_a_fresh_one_does_not(server, page):
    sign_in(page, server, server.root_key, server.root_secret)
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
    server.advance_clock(20 * 60)
    page.reload()
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
    server.advance_clock(31 * 60)
    page.reload()
    expect(page).to_have_url(re.compile(r"/console/sign-in\?notice=idle"))


SAGEMAKER_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def studio_user(server, unique):
    """A domain whose user profile's execution role SageMaker may assume and may list projects; returns (domain id, profile, role name)."""
    iam, sm = server.client("iam"), server.client("sagemaker")
    role_name = f"studio-{unique}"
    role = iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=role_name, PolicyName="projects", PolicyDocument=policy(allow(["sagemaker:ListProjects", "sagemaker:DescribeProject"])))
    domain = sm.create_domain(DomainName=f"console-{unique}", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": role})["DomainId"]
    sm.create_user_profile(DomainId=domain, UserProfileName=f"ana-{unique}")
    return domain, f"ana-{unique}", role_name


def test_a_presigned_domain_url_opens_the_console_once_as_the_profiles_execution_role(server, page, unique):
    domain, profile, role_name = studio_user(server, unique)
    url = json.loads(server.aws("sagemaker", "create-presigned-domain-url", "--domain-id", domain, "--user-profile-name", profile,
                                "--session-expiration-duration-in-seconds", "1800").stdout)["AuthorizedUrl"]
    assert url.startswith(f"{server.endpoint}/console/auth?token=")
    page.goto(url)
    expect(page).to_have_url(re.compile(r"/console/projects$"))
    expect(page.get_by_text(f"Signed in as arn:aws:sts::{server.account_id}:assumed-role/{role_name}/{profile}")).to_be_visible()
    assert session_cookie(page)["expires"] > 0
    screenshot(page, f"projects-studio-user-{server.backend}")

    # The link works once: a second browser is refused.
    other = page.context.browser.new_context()
    try:
        again = other.new_page()
        again.goto(url)
        expect(again.get_by_role("alert")).to_have_text("This presigned URL is not valid: it has expired or was already used. Create a new one.")
        assert "slipway-console" not in [cookie["name"] for cookie in other.cookies()]
    finally:
        other.close()

    # Deleting the role ends the session at its next request.
    iam = server.client("iam")
    iam.delete_role_policy(RoleName=role_name, PolicyName="projects")
    iam.delete_role(RoleName=role_name)
    page.reload()
    expect(page).to_have_url(re.compile(r"/console/sign-in\?notice=role-revoked"))


def test_presigned_domain_urls_expire_and_their_limits_are_checked(server, page, unique):
    domain, profile, _ = studio_user(server, unique)
    sm = server.client("sagemaker")
    url = sm.create_presigned_domain_url(DomainId=domain, UserProfileName=profile, ExpiresInSeconds=5)["AuthorizedUrl"]
    server.advance_clock(6)
    page.goto(url)
    expect(page.get_by_role("alert")).to_contain_text("This presigned URL is not valid")
    expect_error("ValidationException", sm.create_presigned_domain_url, DomainId=domain, UserProfileName=profile, ExpiresInSeconds=301)
    expect_error("ValidationException", sm.create_presigned_domain_url, DomainId=domain, UserProfileName=profile, SessionExpirationDurationInSeconds=43201)
    code, message, status = expect_error("ResourceNotFound", sm.create_presigned_domain_url, DomainId=domain, UserProfileName="nobody")
    assert status == 400 and "nobody" in message, (code, message)
    # Only a caller allowed sagemaker:CreatePresignedDomainUrl on that profile gets a link.
    key, secret = make_user(server, f"console-nolink-{unique}", policy(allow("sagemaker:ListProjects")))
    outsider = server.client("sagemaker", key=key, secret=secret)
    _, message, status = expect_error("AccessDeniedException", outsider.create_presigned_domain_url, DomainId=domain, UserProfileName=profile)
    assert f"user-profile/{domain}/{profile}" in message


FORM_TEMPLATE = """
Description: Churn model project
Metadata:
  AWS::CloudFormation::Interface:
    ParameterGroups:
      - Label: {default: Model}
        Parameters: [ModelPrefix, InstanceCount]
      - Label: {default: Deployment}
        Parameters: [Stage, ApiSecret]
    ParameterLabels:
      ModelPrefix: {default: Model name prefix}
Parameters:
  SageMakerProjectName: {Type: String}
  SageMakerProjectId: {Type: String}
  ModelPrefix: {Type: String, AllowedPattern: "[a-z]+", ConstraintDescription: lowercase letters only, Description: Prefix of the model's name}
  InstanceCount: {Type: Number, Default: 1, MinValue: 1, MaxValue: 4}
  Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  ApiSecret: {Type: String, NoEcho: true, Default: none}
  Owner: {Type: String, Default: ml-team}
Resources:
  Artifacts:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "sagemaker-${SageMakerProjectName}-${SageMakerProjectId}"
      Tags: [{Key: stage, Value: !Ref Stage}, {Key: prefix, Value: !Ref ModelPrefix}]
  Models:
    Type: AWS::SageMaker::ModelPackageGroup
    Properties:
      ModelPackageGroupName: !Sub "${SageMakerProjectName}-${SageMakerProjectId}"
      ModelPackageGroupDescription: The project's model versions
Outputs:
  ArtifactsBucket: {Value: !Ref Artifacts, Description: Where the project's artifacts go}
"""

SCRIPT_TEMPLATE = """
Description: "<script>document.title='owned'</script><img src=x onerror=alert(1)>"
Resources:
  Nothing: {Type: AWS::S3::Bucket}
"""


def organization(server, unique, templates):
    """A versioned template bucket holding visible `templates` (key -> body), a domain pointing at it, and a launch role."""
    s3, iam, sm = server.client("s3"), server.client("iam"), server.client("sagemaker")
    bucket = f"console-templates-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    for key, body in templates.items():
        s3.put_object(Bucket=bucket, Key=f"mlops/{key}", Body=body.encode())
        s3.put_object_tagging(Bucket=bucket, Key=f"mlops/{key}", Tagging={"TagSet": [{"Key": "sagemaker:studio-visibility", "Value": "true"}]})
    launch_name = f"ConsoleLaunchRole-{unique}"
    launch = iam.create_role(RoleName=launch_name, AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=launch_name, PolicyName="provision", PolicyDocument=policy(allow(["s3:*", "iam:*", "sagemaker:*ModelPackageGroup*", "sagemaker:AddTags"])))
    studio = iam.create_role(RoleName=f"console-studio-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    for domain in sm.list_domains()["Domains"]:
        sm.delete_domain(DomainId=domain["DomainId"]) if not sm.list_user_profiles(DomainIdEquals=domain["DomainId"])["UserProfiles"] else None
    domain = sm.create_domain(DomainName=f"console-org-{unique}", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": studio},
                              Tags=[{"Key": "sagemaker:projectS3TemplatesLocation", "Value": f"s3://{bucket}/mlops/"}])["DomainId"]
    return {"bucket": bucket, "launch": launch, "domain": domain}


def open_templates(page, server, domain):
    """Projects → Create project, choosing `domain` where the caller sees several."""
    page.goto(f"{server.endpoint}/console/projects")
    page.get_by_role("link", name="Create project").click()
    if page.get_by_label("Domain").count():
        page.get_by_label("Domain").select_option(domain)
        page.get_by_role("button", name="Show templates").click()
    expect(page.get_by_role("link", name="Organization templates")).to_have_attribute("aria-current", "page")


def choose_template(page, server, domain, name):
    open_templates(page, server, domain)
    page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Select project template").click()
    expect(page.get_by_role("heading", name="Project details")).to_be_visible()


def test_a_project_is_created_through_the_form_after_a_refused_constraint(server, page, unique):
    org = organization(server, unique, {"churn.yaml": FORM_TEMPLATE})
    sign_in(page, server, server.root_key, server.root_secret)
    choose_template(page, server, org["domain"], "churn")
    screenshot(page, f"project-details-{server.backend}")

    # The form follows the template's interface: groups in order, labels, then what no group holds.
    legends = page.locator("fieldset legend").all_inner_texts()
    assert legends == ["Tags", "Model", "Deployment", "Other parameters"]
    expect(page.get_by_label("Model name prefix")).to_have_attribute("pattern", "[a-z]+")
    expect(page.get_by_label("InstanceCount")).to_have_attribute("type", "number")
    expect(page.get_by_label("InstanceCount")).to_have_attribute("max", "4")
    assert page.get_by_label("Stage").locator("option").all_inner_texts() == ["dev", "prod"]
    expect(page.get_by_label("ApiSecret")).to_have_attribute("type", "password")
    expect(page.get_by_label("Owner")).to_have_value("ml-team")

    name = f"churn-{unique}"
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Description").fill("Predicts churn")
    page.get_by_label("Launch role ARN").fill(org["launch"])
    page.get_by_label("Key").first.fill("team")
    page.get_by_label("Value").first.fill("growth")
    page.get_by_label("Model name prefix").fill("Bad1")
    page.get_by_label("Stage").select_option("prod")
    # The page itself refuses the value...
    page.get_by_role("button", name="Create project").click()
    assert page.get_by_label("Model name prefix").evaluate("field => field.validity.patternMismatch")
    expect(page).to_have_url(re.compile(r"/console/projects/create/details"))
    # ...and so does the server, for a browser that skips the page's checks; what was typed stays.
    page.locator("form.card").evaluate("form => form.noValidate = true")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("alert")).to_contain_text("ModelPrefix")
    screenshot(page, f"project-details-refused-{server.backend}")
    expect(page.get_by_label("Name", exact=True)).to_have_value(name)
    expect(page.get_by_label("Description")).to_have_value("Predicts churn")
    expect(page.get_by_label("Model name prefix")).to_have_value("Bad1")
    expect(page.get_by_label("Stage")).to_have_value("prod")
    expect(page.get_by_label("Key").first).to_have_value("team")
    with pytest.raises(botocore.exceptions.ClientError):
        server.client("sagemaker").describe_project(ProjectName=name)

    page.get_by_label("Model name prefix").fill("churn")
    page.get_by_role("button", name="Create project").click()
    expect(page).to_have_url(re.compile(rf"/console/projects/{name}$"))
    expect(page.get_by_role("status")).to_have_text("CreateCompleted", timeout=60_000)
    expect(page.get_by_role("cell", name="ArtifactsBucket")).to_be_visible()
    expect(page.get_by_role("cell", name="CREATE_COMPLETE").first).to_be_visible()
    expect(page.get_by_role("img", name="Timeline of the stack's resources")).to_contain_text("Artifacts")
    expect(page.get_by_role("cell", name="growth")).to_be_visible()
    screenshot(page, f"project-overview-{server.backend}")
    # A resource the console has a page for links to it: the stack's model group opens the Model groups tab.
    group = f"{name}-{described_id(server, name)}"
    page.get_by_role("link", name=group).click()
    expect(page.get_by_role("heading", name=group)).to_be_visible()
    expect(page.get_by_text("The project's model versions")).to_be_visible()

    described = server.client("sagemaker").describe_project(ProjectName=name)
    assert described["ProjectStatus"] == "CreateCompleted" and described["ProjectDescription"] == "Predicts churn"
    provider = described["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]
    assert provider["RoleARN"] == org["launch"]
    assert {p["Key"]: p["Value"] for p in provider["Parameters"]} == {"ModelPrefix": "churn", "Stage": "prod", "InstanceCount": "1", "Owner": "ml-team"}
    page.goto(f"{server.endpoint}/console/projects")
    row = page.get_by_role("row").filter(has_text=name)
    expect(row).to_contain_text("CreateCompleted")
    expect(row).to_contain_text("churn")
    expect(row).to_contain_text(f"arn:aws:iam::{server.account_id}:root")


def described_id(server, name):
    return server.client("sagemaker").describe_project(ProjectName=name)["ProjectId"]


def test_a_template_whose_description_holds_script_renders_inert(server, page, unique):
    org = organization(server, unique, {"evil.yaml": SCRIPT_TEMPLATE})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, server, server.root_key, server.root_secret)
    open_templates(page, server, org["domain"])
    expect(page.get_by_text("<script>document.title='owned'</script><img src=x onerror=alert(1)>")).to_be_visible()
    screenshot(page, f"choose-template-script-{server.backend}")
    assert page.title() != "owned" and dialogs == []
    assert page.locator("main script, main img").count() == 0


def launched_project(server, org, name, template_key="churn.yaml", parameters=(("ModelPrefix", "churn"),)):
    """A project launched with boto3 from the organization's template, once it has settled."""
    sm = server.client("sagemaker")
    url = f"https://{org['bucket']}.s3.us-east-1.amazonaws.com/mlops/{template_key}"
    sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "churn", "TemplateURL": url, "RoleARN": org["launch"], "Parameters": [{"Key": k, "Value": v} for k, v in parameters]}}])
    deadline = time.time() + 60
    while time.time() < deadline:
        project = sm.describe_project(ProjectName=name)
        if project["ProjectStatus"] in ("CreateCompleted", "CreateFailed"):
            assert project["ProjectStatus"] == "CreateCompleted", project
            return project
        time.sleep(0.2)
    raise AssertionError(f"project {name} did not settle")


def test_a_model_version_is_approved_with_a_comment(server, page, unique):
    org = organization(server, unique, {"churn.yaml": FORM_TEMPLATE})
    name = f"reg-{unique}"
    project = launched_project(server, org, name)
    sm = server.client("sagemaker")
    group = f"churn-models-{unique}"
    sm.create_model_package_group(ModelPackageGroupName=group, ModelPackageGroupDescription="Churn models",
                                  Tags=[{"Key": "sagemaker:project-id", "Value": project["ProjectId"]}])
    sm.create_model_package_group(ModelPackageGroupName=f"unrelated-{unique}")
    spec = {"Containers": [{"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"}],
            "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}
    arns = [sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=spec, ModelApprovalStatus="PendingManualApproval",
                                    CustomerMetadataProperties={"auc": auc})["ModelPackageArn"] for auc in ("0.81", "0.87")]

    sign_in(page, server, server.root_key, server.root_secret)
    page.goto(f"{server.endpoint}/console/projects/{name}")
    page.get_by_role("link", name="Model groups").click()
    expect(page.get_by_role("heading", name=group)).to_be_visible()
    expect(page.get_by_role("heading", name=f"unrelated-{unique}")).to_have_count(0)
    expect(page.get_by_role("img", name=f"Metrics of {group} by version")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="auc 0.87")
    expect(row).to_contain_text("PendingManualApproval")
    row.get_by_label("Comment").fill("AUC up 6 points on the holdout set")
    screenshot(page, f"model-groups-{server.backend}")
    row.get_by_role("button", name="Approve version 2").click()
    expect(page.get_by_text("The model version's approval status was updated.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="auc 0.87")).to_contain_text("Approved")

    approved = sm.describe_model_package(ModelPackageName=arns[1])
    assert approved["ModelApprovalStatus"] == "Approved"
    assert approved["ApprovalDescription"] == "AUC up 6 points on the holdout set"
    assert sm.describe_model_package(ModelPackageName=arns[0])["ModelApprovalStatus"] == "PendingManualApproval"


def test_an_update_is_previewed_then_applied_and_the_project_deleted(server, page, unique):
    org = organization(server, unique, {"churn.yaml": FORM_TEMPLATE})
    name = f"upd-{unique}"
    launched_project(server, org, name)
    s3, sm, cfn = server.client("s3"), server.client("sagemaker"), server.client("cloudformation")
    newer = FORM_TEMPLATE.replace("Outputs:", """  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "sagemaker-${SageMakerProjectName}-${SageMakerProjectId}-reports"
Outputs:""")
    s3.put_object(Bucket=org["bucket"], Key="mlops/churn.yaml", Body=newer.encode())

    sign_in(page, server, server.root_key, server.root_secret)
    page.goto(f"{server.endpoint}/console/projects/{name}")
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_text("Update available:")).to_be_visible()
    page.get_by_role("link", name="Update", exact=True).click()
    add = page.get_by_role("row").filter(has_text="Reports")
    expect(add).to_contain_text("Add")
    expect(add).to_contain_text("AWS::S3::Bucket")
    screenshot(page, f"update-preview-{server.backend}")
    stack = sm.describe_project(ProjectName=name)["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]["Id"]
    assert "Reports" not in [r["LogicalResourceId"] for r in cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]]

    page.get_by_role("button", name="Update project").click()
    expect(page.get_by_text("The update has started")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("UpdateCompleted", timeout=60_000)
    assert "Reports" in [r["LogicalResourceId"] for r in cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]]
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_text("The project runs the latest version of its template.")).to_be_visible()

    project_id = sm.describe_project(ProjectName=name)["ProjectId"]
    stray = f"stray-{unique}"
    s3.create_bucket(Bucket=stray)
    s3.put_bucket_tagging(Bucket=stray, Tagging={"TagSet": [{"Key": "sagemaker:project-id", "Value": project_id}]})
    page.get_by_role("link", name="Delete", exact=True).click()
    expect(page.get_by_role("cell", name="Reports", exact=True)).to_be_visible()
    expect(page.get_by_text(f"arn:aws:s3:::{stray}")).to_be_visible()
    screenshot(page, f"delete-{server.backend}")
    page.get_by_label("Also delete the resources made outside the stack").check()
    page.get_by_role("button", name="Delete project").click()
    expect(page.get_by_text("The project is being deleted.")).to_be_visible()
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if sm.describe_project(ProjectName=name)["ProjectStatus"] == "DeleteCompleted":
                break
        except botocore.exceptions.ClientError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the project was not deleted")
    assert stray not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


GATED_PIPELINE = {"Version": "2020-12-01", "Parameters": [{"Name": "Threshold", "Type": "Float", "DefaultValue": 0.9}], "Steps": [
    {"Name": "Gate", "Type": "Condition", "Arguments": {
        "Conditions": [{"Type": "GreaterThanOrEqualTo", "LeftValue": {"Get": "Parameters.Threshold"}, "RightValue": 0.5}],
        "IfSteps": [{"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": "threshold too high"}}],
        "ElseSteps": [{"Name": "Report", "Type": "Fail", "Arguments": {"ErrorMessage": "never reached"}}]}},
]}


def test_a_projects_pipeline_is_drawn_with_each_steps_status(server, page, unique):
    org = organization(server, unique, {"churn.yaml": FORM_TEMPLATE})
    name = f"pipe-{unique}"
    project = launched_project(server, org, name)
    sm, iam = server.client("sagemaker"), server.client("iam")
    role = iam.create_role(RoleName=f"console-pipeline-{unique}", AssumeRolePolicyDocument=SAGEMAKER_TRUST)["Role"]["Arn"]
    pipeline = f"gated-{unique}"
    sm.create_pipeline(PipelineName=pipeline, PipelineDefinition=json.dumps(GATED_PIPELINE), RoleArn=role, PipelineDescription="Stops above the threshold",
                       Tags=[{"Key": "sagemaker:project-id", "Value": project["ProjectId"]}])
    execution = sm.start_pipeline_execution(PipelineName=pipeline, PipelineExecutionDisplayName="first-run")["PipelineExecutionArn"]
    deadline = time.time() + 60
    while sm.describe_pipeline_execution(PipelineExecutionArn=execution)["PipelineExecutionStatus"] == "Executing" and time.time() < deadline:
        time.sleep(0.2)

    sign_in(page, server, server.root_key, server.root_secret)
    page.goto(f"{server.endpoint}/console/projects/{name}")
    page.get_by_role("link", name="Pipelines").click()
    expect(page.get_by_role("heading", name=pipeline)).to_be_visible()
    expect(page.get_by_role("link", name="first-run")).to_be_visible()
    diagram = page.get_by_role("img", name=f"Steps of {pipeline}")
    expect(diagram).to_be_visible()
    expect(diagram).to_contain_text("Condition · Succeeded")
    expect(diagram).to_contain_text("Fail · Failed")
    expect(diagram).to_contain_text("Fail · not run")
    expect(page.get_by_role("row").filter(has_text="Stop")).to_contain_text("threshold too high")
    screenshot(page, f"pipelines-{server.backend}")
    # At a phone's width every page still reads: nothing wider than the screen but the scrolling diagram and tables.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"pipelines-narrow-{server.backend}")


def test_a_waiting_deployment_is_approved_from_the_projects_repository_tab(server, page, unique, forge_repo):
    from github.EnvironmentProtectionRuleReviewer import ReviewerParams
    org = organization(server, unique, {"churn.yaml": FORM_TEMPLATE})
    name = f"repo-{unique}"
    project = launched_project(server, org, name)
    forge, repo, token, clone, env = forge_repo
    codecommit = server.client("codecommit")
    arn = codecommit.get_repository(repositoryName=repo.name)["repositoryMetadata"]["Arn"]
    codecommit.tag_resource(resourceArn=arn, tags={"sagemaker:project-id": project["ProjectId"]})
    repo.create_environment("production", reviewers=[ReviewerParams(type_="User", id_=forge.get_user().id)])
    head = commit_file(clone, env, ".github/workflows/gate.yml", GATE, "gate")
    git("push", "-q", "origin", "main", cwd=clone, env=env)
    assert repo.get_workflow("gate.yml").create_dispatch(ref="main")
    run = wait_for_status(repo, latest_run(repo.get_workflow("gate.yml"), 1).id, "waiting")

    sign_in(page, server, server.root_key, server.root_secret)
    page.goto(f"{server.endpoint}/console/projects/{name}")
    page.get_by_role("link", name="Repositories").click()
    expect(page.get_by_role("heading", name=repo.name)).to_be_visible()
    expect(page.get_by_text(head)).to_be_visible()
    expect(page.get_by_text(f"/v1/repos/{repo.name}")).to_be_visible()
    runs = page.get_by_role("row").filter(has_text="gate #1")
    expect(runs).to_contain_text("waiting")
    screenshot(page, f"repositories-{server.backend}")
    runs.get_by_role("link", name="gate #1").click()
    expect(page.get_by_role("heading", name="build success")).to_be_visible()
    expect(page.get_by_role("region", name="build success").get_by_label("Log of build")).to_contain_text("built it")
    expect(page.get_by_text("This run waits for a review of: production.")).to_be_visible()
    page.get_by_label("Comment").fill("ship it")
    screenshot(page, f"workflow-run-waiting-{server.backend}")
    page.get_by_role("button", name="Approve and deploy").click()
    expect(page.get_by_text("Your review was recorded.")).to_be_visible()
    # The page follows the run until it ends.
    expect(page.get_by_role("heading", name="gate #1 success")).to_be_visible(timeout=60_000)
    expect(page.get_by_label("Log of deploy")).to_contain_text("deployed it")
    expect(page.get_by_text("approved by", exact=False).first).to_contain_text("ship it")
    assert repo.get_workflow_run(run.id).conclusion == "success"


def test_administration_checks_template_locations_and_the_audit_trail_is_filtered(server, page, unique):
    org = organization(server, unique, {"churn.yaml": FORM_TEMPLATE, "broken.yaml": "Resources: {Bad: {Type: AWS::Nope::Thing}}"})
    name = f"console-snoop-{unique}"
    key, secret = make_user(server, name, policy(allow("sagemaker:ListProjects")))
    with pytest.raises(botocore.exceptions.ClientError):
        server.client("s3", key=key, secret=secret).list_buckets()
    arn = f"arn:aws:iam::{server.account_id}:user/{name}"

    # Over the wire first: the trail, narrowed, newest first, and refused to whoever may not read it.
    from test_sagemaker_discovery import signed
    deadline = time.time() + 30
    while True:
        answer = signed(server, "GET", "/_slipway/audit", params={"Principal": arn, "Decision": "denied", "Since": "10m"})
        assert answer.status_code == 200, answer.text
        events = answer.json()["Events"]
        if events or time.time() > deadline:
            break
        time.sleep(0.5)
    assert [(e["Service"], e["Operation"], e["Decision"], e["HttpStatus"]) for e in events] == [("s3", "ListBuckets", "denied", 403)]
    assert signed(server, "GET", "/_slipway/audit", params={"Since": "soon"}).status_code == 400
    refused = signed(server, "GET", "/_slipway/audit", key, secret)
    assert refused.status_code == 403 and "cloudtrail:LookupEvents" in refused.text

    sign_in(page, server, server.root_key, server.root_secret)
    page.get_by_role("link", name="Administration").click()
    section = page.get_by_role("region", name=f"Domain console-org-{unique}")
    expect(section).to_contain_text(f"s3://{org['bucket']}/mlops/")
    expect(section).to_contain_text("1 usable template(s)")
    expect(section).to_contain_text("AWS::Nope::Thing")
    screenshot(page, f"administration-{server.backend}")
    page.get_by_role("link", name="Audit trail").click()
    page.get_by_label("Principal").fill(arn)
    page.get_by_label("Decision").select_option("denied")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_role("row").filter(has_text="s3:ListBuckets")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("denied")
    screenshot(page, f"audit-trail-{server.backend}")

    # The user sees why it may not look.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, server, key, secret)
    expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    page.goto(f"{server.endpoint}/console/admin/audit")
    expect(page.get_by_role("alert")).to_contain_text("is not authorized to perform: cloudtrail:LookupEvents")


A11Y_CHECK = """() => {
  const problems = [];
  for (const field of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
    const named = field.labels?.length || field.getAttribute('aria-label') || (field.tagName === 'BUTTON' && field.textContent.trim());
    if (!named) problems.push('unlabelled ' + field.outerHTML.slice(0, 80));
  }
  let level = 0;
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const next = Number(heading.tagName[1]);
    if (next > level + 1) problems.push('heading ' + heading.tagName + ' after h' + level + ': ' + heading.textContent.trim());
    level = next;
  }
  if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count ' + document.querySelectorAll('h1').length);
  if (!document.documentElement.lang) problems.push('no lang');
  return problems;
}"""


def test_every_page_labels_its_fields_orders_its_headings_and_fits_a_phone(server, browser, unique):
    org = organization(server, unique, {"churn.yaml": FORM_TEMPLATE})
    name = f"a11y-{unique}"
    launched_project(server, org, name)
    base = f"{server.endpoint}/console"
    pages = [f"{base}/sign-in", f"{base}/projects", f"{base}/projects/create?domain={org['domain']}",
             f"{base}/projects/create/details?domain={org['domain']}&template=" + requests.utils.quote(f"https://{org['bucket']}.s3.us-east-1.amazonaws.com/mlops/churn.yaml", safe=""),
             f"{base}/projects/{name}", f"{base}/projects/{name}/repositories", f"{base}/projects/{name}/pipelines", f"{base}/projects/{name}/experiments",
             f"{base}/projects/{name}/model-groups", f"{base}/projects/{name}/endpoints", f"{base}/projects/{name}/settings", f"{base}/projects/{name}/delete",
             f"{base}/admin", f"{base}/admin/audit"]
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 800})
        try:
            page = context.new_page()
            sign_in(page, server, server.root_key, server.root_secret)
            expect(page.get_by_role("heading", name="Projects", exact=True)).to_be_visible()
            for url in pages:
                answer = page.goto(url)
                assert answer.status == 200, (url, answer.status)
                assert page.evaluate(A11Y_CHECK) == [], url
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, width)
                # The keyboard reaches the page's first control, and focus shows.
                page.keyboard.press("Tab")
                assert page.evaluate("document.activeElement.className") == "skip", url
                assert page.evaluate("getComputedStyle(document.activeElement).left") != "-9999px", url
        finally:
            context.close()


def test_slipways_own_templates_have_their_tab_and_form(server, page, unique):
    org = organization(server, unique, {"churn.yaml": FORM_TEMPLATE})
    sign_in(page, server, server.root_key, server.root_secret)
    open_templates(page, server, org["domain"])
    page.get_by_role("link", name="Slipway templates").click()
    expect(page.get_by_role("link", name="Slipway templates")).to_have_attribute("aria-current", "page")
    for name in ("mlops-artifacts", "mlops-model-building", "mlops-github-actions"):
        expect(page.get_by_label(name, exact=True)).to_be_enabled()
    screenshot(page, f"slipway-templates-{server.backend}")
    page.get_by_label("mlops-artifacts", exact=True).check()
    page.get_by_role("button", name="Select project template").click()
    expect(page.get_by_role("heading", name="Project details")).to_be_visible()
    expect(page.get_by_text("Template mlops-artifacts")).to_be_visible()
    expect(page.locator("input[name=template]")).to_have_value("https://slipway-provided-templates.s3.amazonaws.com/mlops-artifacts.yaml")
