"""Attacks on role passing (security issue, items 2, 3 and 12): a second account handing the first account's role to
its own function, stack, project, rule or replication; a path-scoped PassRole grant used to reach an admin role of
the same name under another path; the conditions a PassRole grant can set; EventBridge roles passed unchecked."""

import json

import pytest

from helpers import allow, expect_error, make_user, other_account, package, policy

TRUST_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": [
    "lambda.amazonaws.com", "cloudformation.amazonaws.com", "sagemaker.amazonaws.com", "s3.amazonaws.com", "events.amazonaws.com",
]}, "Action": "sts:AssumeRole"}]})

STACK = """
Resources:
  Data:
    Type: AWS::S3::Bucket
"""

HANDLER = "import boto3\ndef handler(e, c): return boto3.client('sts').get_caller_identity()['Arn']\n"


@pytest.fixture(scope="module")
def roles(server):
    """An admin role `cfnadmin` at path `/` and a powerless `worker` at `/app/`, both trusting every service."""
    iam = server.client("iam")
    admin = iam.create_role(RoleName="cfnadmin", AssumeRolePolicyDocument=TRUST_ALL)["Role"]["Arn"]
    iam.put_role_policy(RoleName="cfnadmin", PolicyName="admin", PolicyDocument=policy(allow("*")))
    worker = iam.create_role(RoleName="worker", Path="/app/", AssumeRolePolicyDocument=TRUST_ALL)["Role"]["Arn"]
    return {"admin": admin, "worker": worker, "account": server.account_id}


def test_another_account_cannot_pass_this_accounts_role_to_anything(server, roles, unique):
    key, secret = other_account(server, unique)
    admin = roles["admin"]
    refusals = []
    lam = server.client("lambda", key=key, secret=secret)
    refusals.append(expect_error("AccessDeniedException", lam.create_function, FunctionName=f"steal-{unique}", Runtime="python3.11",
                                 Role=admin, Handler="app.handler", Code={"ZipFile": package({"app.py": HANDLER})}))
    cfn = server.client("cloudformation", key=key, secret=secret)
    refusals.append(expect_error("AccessDenied", cfn.create_stack, StackName=f"steal-{unique}", TemplateBody=STACK, RoleARN=admin))
    sm = server.client("sagemaker", key=key, secret=secret)
    refusals.append(expect_error("AccessDeniedException", sm.create_project, ProjectName=f"steal-{unique}", TemplateProviders=[
        {"CfnTemplateProvider": {"TemplateName": "t", "TemplateURL": "https://b.s3.amazonaws.com/t.yaml", "RoleARN": admin}}]))
    events = server.client("events", key=key, secret=secret)
    refusals.append(expect_error("AccessDeniedException", events.put_rule, Name=f"steal-{unique}", EventPattern='{"source":["x"]}', RoleArn=admin))
    events.put_rule(Name=f"rule-{unique}", EventPattern='{"source":["x"]}')
    refusals.append(expect_error("AccessDeniedException", events.put_targets, Rule=f"rule-{unique}", Targets=[
        {"Id": "t", "Arn": f"arn:aws:events:us-east-1:{roles['account']}:event-bus/default", "RoleArn": admin}]))
    s3 = server.client("s3", key=key, secret=secret)
    for name in (f"src-{unique}", f"dst-{unique}"):
        s3.create_bucket(Bucket=name)
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    refusals.append(expect_error("AccessDenied", s3.put_bucket_replication, Bucket=f"src-{unique}", ReplicationConfiguration={
        "Role": admin, "Rules": [{"ID": "r", "Priority": 1, "Status": "Enabled", "Filter": {}, "DeleteMarkerReplication": {"Status": "Disabled"},
                                  "Destination": {"Bucket": f"arn:aws:s3:::dst-{unique}"}}]}))
    for code, message, status in refusals:
        assert (message, status) == ("Cross-account pass role is not allowed.", 403)
    # Nothing was made.
    assert f"steal-{unique}" not in [f["FunctionName"] for f in lam.list_functions()["Functions"]]
    assert not [s for s in cfn.list_stacks()["StackSummaries"] if s["StackName"] == f"steal-{unique}"]
    assert not [p for p in sm.list_projects()["ProjectSummaryList"] if p["ProjectName"] == f"steal-{unique}"]
    assert "Targets" not in events.list_targets_by_rule(Rule=f"rule-{unique}") or not events.list_targets_by_rule(Rule=f"rule-{unique}")["Targets"]


def test_a_path_scoped_grant_reaches_only_roles_under_that_path(server, roles, unique):
    account = roles["account"]
    key, secret = make_user(server, f"app-deployer-{unique}", policy(
        allow(["lambda:CreateFunction", "lambda:InvokeFunction", "cloudformation:CreateStack", "cloudformation:DescribeStacks", "sagemaker:CreateProject"]),
        allow("iam:PassRole", f"arn:aws:iam::{account}:role/app/*")))
    confused = f"arn:aws:iam::{account}:role/app/cfnadmin"
    lam = server.client("lambda", key=key, secret=secret)
    code, message, _ = expect_error("InvalidParameterValueException", lam.create_function, FunctionName=f"confused-{unique}", Runtime="python3.11",
                                    Role=confused, Handler="app.handler", Code={"ZipFile": package({"app.py": HANDLER})})
    assert message == "The role defined for the function cannot be assumed by Lambda."
    cfn = server.client("cloudformation", key=key, secret=secret)
    _, message, _ = expect_error("ValidationError", cfn.create_stack, StackName=f"confused-{unique}", TemplateBody=STACK, RoleARN=confused)
    assert message == f"Role {confused} is invalid or cannot be assumed"
    sm = server.client("sagemaker", key=key, secret=secret)
    expect_error("ValidationException", sm.create_project, ProjectName=f"confused-{unique}", TemplateProviders=[
        {"CfnTemplateProvider": {"TemplateName": "t", "TemplateURL": "https://b.s3.amazonaws.com/t.yaml", "RoleARN": confused}}])
    # The admin role under its real ARN is not granted; the path's own role is, and the function runs as it.
    expect_error("AccessDeniedException", lam.create_function, FunctionName=f"direct-{unique}", Runtime="python3.11",
                 Role=roles["admin"], Handler="app.handler", Code={"ZipFile": package({"app.py": HANDLER})})
    lam.create_function(FunctionName=f"worker-{unique}", Runtime="python3.11", Role=roles["worker"], Handler="app.handler",
                        Code={"ZipFile": package({"app.py": HANDLER})})
    answer = lam.invoke(FunctionName=f"worker-{unique}")
    assert json.loads(answer["Payload"].read()) == f"arn:aws:sts::{account}:assumed-role/worker/worker-{unique}"


def test_pass_role_conditions_name_the_service_and_the_resource(server, roles, unique):
    account = roles["account"]
    key, secret = make_user(server, f"team-deployer-{unique}", policy(
        allow(["lambda:CreateFunction", "cloudformation:CreateStack"]),
        allow("iam:PassRole", "*", Condition={
            "StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"},
            "ArnLike": {"iam:AssociatedResourceArn": f"arn:aws:lambda:us-east-1:{account}:function:team-*"}})))
    lam = server.client("lambda", key=key, secret=secret)
    lam.create_function(FunctionName=f"team-{unique}", Runtime="python3.11", Role=roles["worker"], Handler="app.handler",
                        Code={"ZipFile": package({"app.py": HANDLER})})
    _, message, _ = expect_error("AccessDeniedException", lam.create_function, FunctionName=f"other-{unique}", Runtime="python3.11",
                                 Role=roles["worker"], Handler="app.handler", Code={"ZipFile": package({"app.py": HANDLER})})
    assert f"iam:PassRole on resource: {roles['worker']}" in message
    cfn = server.client("cloudformation", key=key, secret=secret)
    _, message, _ = expect_error("AccessDenied", cfn.create_stack, StackName=f"team-{unique}", TemplateBody=STACK, RoleARN=roles["worker"])
    assert "iam:PassRole" in message


def test_event_rules_and_targets_need_pass_role_on_their_roles(server, roles, unique):
    key, secret = make_user(server, f"rule-author-{unique}", policy(allow(["events:PutRule", "events:PutTargets", "events:ListTargetsByRule"])))
    events = server.client("events", key=key, secret=secret)
    bus = f"arn:aws:events:us-east-1:{roles['account']}:event-bus/default"
    events.put_rule(Name=f"plain-{unique}", EventPattern='{"source":["x"]}')
    events.put_targets(Rule=f"plain-{unique}", Targets=[{"Id": "no-role", "Arn": bus}])
    _, message, _ = expect_error("AccessDeniedException", events.put_targets, Rule=f"plain-{unique}", Targets=[{"Id": "with-role", "Arn": bus, "RoleArn": roles["worker"]}])
    assert f"iam:PassRole on resource: {roles['worker']}" in message
    expect_error("AccessDeniedException", events.put_rule, Name=f"roled-{unique}", EventPattern='{"source":["x"]}', RoleArn=roles["worker"])
    assert [t["Id"] for t in events.list_targets_by_rule(Rule=f"plain-{unique}")["Targets"]] == ["no-role"]
