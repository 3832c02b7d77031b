"""Change sets through boto3: the preview a project update shows before it runs — each change's action, replacement,
scope and details, resolved against the stack's real resources — then executed, for new stacks and for updates."""

import botocore.exceptions
import pytest

from helpers import expect_error


def wait(cfn, name, **kwargs):
    cfn.get_waiter(name).wait(**kwargs, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


def exists(s3, bucket):
    try:
        s3.head_bucket(Bucket=bucket)
        return True
    except botocore.exceptions.ClientError:
        return False


TEMPLATE = """
Parameters:
  Name: {Type: String}
  Stage: {Type: String, Default: dev}
  Token: {Type: String, NoEcho: true, Default: s3cret}
Resources:
  Named:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Ref Name}
  Logs:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "${Named}-logs"}
  Tagged:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{Key: stage, Value: !Ref Stage}]
  Scratch: {Type: AWS::S3::Bucket}
"""


def test_a_create_change_set_is_reviewed_then_executed(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack, name = f"cs-new-{unique}", f"csnew-{unique}"
    created = cfn.create_change_set(StackName=stack, ChangeSetName="initial", ChangeSetType="CREATE", TemplateBody=TEMPLATE,
                                    Description="first version", Parameters=[{"ParameterKey": "Name", "ParameterValue": name}])
    assert created["Id"].startswith(f"arn:aws:cloudformation:us-east-1:{server.account_id}:changeSet/initial/")
    wait(cfn, "change_set_create_complete", ChangeSetName=created["Id"])
    described_stack = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described_stack["StackStatus"] == "REVIEW_IN_PROGRESS"
    assert described_stack["StackId"] == created["StackId"]
    assert not exists(s3, name)  # a change set changes nothing

    described = cfn.describe_change_set(ChangeSetName="initial", StackName=stack)
    assert (described["Status"], described["ExecutionStatus"], described["Description"]) == ("CREATE_COMPLETE", "AVAILABLE", "first version")
    assert {p["ParameterKey"]: p["ParameterValue"] for p in described["Parameters"]} == {"Name": name, "Stage": "dev", "Token": "****"}
    assert sorted((c["ResourceChange"]["LogicalResourceId"], c["ResourceChange"]["Action"]) for c in described["Changes"]) == [
        ("Logs", "Add"), ("Named", "Add"), ("Scratch", "Add"), ("Tagged", "Add")]
    assert all(c["Type"] == "Resource" and c["ResourceChange"]["ResourceType"] == "AWS::S3::Bucket" for c in described["Changes"])
    summaries = cfn.list_change_sets(StackName=stack)["Summaries"]
    assert [(s["ChangeSetName"], s["ExecutionStatus"], s["Status"]) for s in summaries] == [("initial", "AVAILABLE", "CREATE_COMPLETE")]

    cfn.execute_change_set(ChangeSetName="initial", StackName=stack)
    wait(cfn, "stack_create_complete", StackName=stack)
    assert exists(s3, name) and exists(s3, f"{name}-logs")
    assert cfn.describe_change_set(ChangeSetName=created["Id"])["ExecutionStatus"] == "EXECUTE_COMPLETE"
    err = expect_error("InvalidChangeSetStatus", cfn.execute_change_set, ChangeSetName=created["Id"])
    assert err[1] == f"ChangeSet [{created['Id']}] cannot be executed in its current execution status of [EXECUTE_COMPLETE]"
    cfn.delete_stack(StackName=stack)
    wait(cfn, "stack_delete_complete", StackName=stack)


def test_an_update_change_set_previews_in_place_replacement_and_conditional_changes(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack, name = f"cs-upd-{unique}", f"csupd-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=TEMPLATE, Parameters=[{"ParameterKey": "Name", "ParameterValue": name}])
    wait(cfn, "stack_create_complete", StackName=stack)
    before = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}

    new_template = TEMPLATE.replace("  Scratch: {Type: AWS::S3::Bucket}\n", "  Extra: {Type: AWS::S3::Bucket}\n")
    parameters = [{"ParameterKey": "Name", "ParameterValue": f"{name}-2"}, {"ParameterKey": "Stage", "ParameterValue": "prod"},
                  {"ParameterKey": "Token", "UsePreviousValue": True}]
    cfn.create_change_set(StackName=stack, ChangeSetName="other", TemplateBody=TEMPLATE, Parameters=[
        {"ParameterKey": "Name", "UsePreviousValue": True}, {"ParameterKey": "Stage", "ParameterValue": "qa"}])
    change_set_id = cfn.create_change_set(StackName=stack, ChangeSetName="release", TemplateBody=new_template, Parameters=parameters)["Id"]
    wait(cfn, "change_set_create_complete", ChangeSetName="release", StackName=stack)
    described = cfn.describe_change_set(ChangeSetName="release", StackName=stack, IncludePropertyValues=True)
    changes = {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"] for c in described["Changes"]}
    assert set(changes) == {"Named", "Logs", "Tagged", "Extra", "Scratch"}
    assert (changes["Extra"]["Action"], changes["Scratch"]["Action"]) == ("Add", "Remove")
    assert changes["Scratch"]["PhysicalResourceId"] == before["Scratch"]

    named = changes["Named"]
    assert (named["Action"], named["Replacement"], named["Scope"], named["PhysicalResourceId"]) == ("Modify", "True", ["Properties"], name)
    assert named["Details"] == [{"Target": {"Attribute": "Properties", "Name": "BucketName", "RequiresRecreation": "Always",
                                            "BeforeValue": name, "AfterValue": f"{name}-2"},
                                 "Evaluation": "Static", "ChangeSource": "ParameterReference", "CausingEntity": "Name"}]
    logs = changes["Logs"]  # its name follows Named's new name, known only once Named is replaced
    assert (logs["Action"], logs["Replacement"]) == ("Modify", "Conditional")
    assert logs["Details"][0]["Evaluation"] == "Dynamic"
    assert logs["Details"][0]["ChangeSource"] == "ResourceReference"
    assert logs["Details"][0]["CausingEntity"] == "Named"
    assert logs["Details"][0]["Target"]["RequiresRecreation"] == "Conditionally"
    assert logs["Details"][0]["Target"]["AfterValue"] == "{{changeSet:KNOWN_AFTER_APPLY}}-logs"
    tagged = changes["Tagged"]
    assert (tagged["Action"], tagged["Replacement"]) == ("Modify", "False")
    assert tagged["Details"][0]["Target"]["RequiresRecreation"] == "Never"
    # Without IncludePropertyValues, no values are shown.
    plain = cfn.describe_change_set(ChangeSetName=change_set_id)
    assert all("BeforeValue" not in d["Target"] for c in plain["Changes"] for d in c["ResourceChange"]["Details"])
    assert len(cfn.list_change_sets(StackName=stack)["Summaries"]) == 2

    cfn.execute_change_set(ChangeSetName=change_set_id)
    wait(cfn, "stack_update_complete", StackName=stack)
    after = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}
    assert after["Named"] == f"{name}-2" and after["Logs"] == f"{name}-2-logs" and after["Tagged"] == before["Tagged"]
    assert not exists(s3, name) and not exists(s3, f"{name}-logs") and not exists(s3, before["Scratch"]) and exists(s3, after["Extra"])
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=after["Tagged"])["TagSet"]}["stage"] == "prod"
    # Executing one change set makes the stack's others invalid: they are gone.
    assert [s["ChangeSetName"] for s in cfn.list_change_sets(StackName=stack)["Summaries"]] == ["release"]
    err = expect_error("ChangeSetNotFound", cfn.describe_change_set, ChangeSetName="other", StackName=stack)
    assert err[1:] == ("ChangeSet [other] does not exist", 404)


def test_change_sets_without_changes_or_with_errors(server, unique):
    cfn = server.client("cloudformation")
    stack, name = f"cs-bad-{unique}", f"csbad-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=TEMPLATE, Parameters=[{"ParameterKey": "Name", "ParameterValue": name}])
    wait(cfn, "stack_create_complete", StackName=stack)

    cfn.create_change_set(StackName=stack, ChangeSetName="same", UsePreviousTemplate=True, Parameters=[{"ParameterKey": "Name", "UsePreviousValue": True}])
    with pytest.raises(botocore.exceptions.WaiterError):
        wait(cfn, "change_set_create_complete", ChangeSetName="same", StackName=stack)
    described = cfn.describe_change_set(ChangeSetName="same", StackName=stack)
    assert (described["Status"], described["ExecutionStatus"]) == ("FAILED", "UNAVAILABLE")
    assert described["StatusReason"] == "The submitted information didn't contain changes. Submit different information to create a change set."
    expect_error("InvalidChangeSetStatus", cfn.execute_change_set, ChangeSetName="same", StackName=stack)
    cfn.delete_change_set(ChangeSetName="same", StackName=stack)
    expect_error("ChangeSetNotFound", cfn.describe_change_set, ChangeSetName="same", StackName=stack)

    err = expect_error("ValidationError", cfn.create_change_set, StackName=stack, ChangeSetName="again", ChangeSetType="CREATE", TemplateBody=TEMPLATE)
    assert err[1] == f"Stack [{stack}] already exists and cannot be created again with the changeSet [again]."
    err = expect_error("ValidationError", cfn.create_change_set, StackName=f"ghost-{unique}", ChangeSetName="upd", TemplateBody=TEMPLATE)
    assert err[1] == f"Stack [ghost-{unique}] does not exist"
    err = expect_error("ValidationError", cfn.create_change_set, StackName=stack, ChangeSetName="typo",
                       TemplateBody="Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketNme: x}}\n")
    assert "extraneous key [BucketNme]" in err[1]
    expect_error("ValidationError", cfn.create_change_set, StackName=stack, ChangeSetName="1bad", UsePreviousTemplate=True)
    err = expect_error("ValidationError", cfn.describe_change_set, ChangeSetName="release")
    assert err[1] == "StackName must be specified if ChangeSetName is not specified as an ARN."
    cfn.create_change_set(StackName=stack, ChangeSetName="twice", UsePreviousTemplate=True, Parameters=[
        {"ParameterKey": "Name", "UsePreviousValue": True}, {"ParameterKey": "Stage", "ParameterValue": "qa"}])
    expect_error("AlreadyExistsException", cfn.create_change_set, StackName=stack, ChangeSetName="twice", UsePreviousTemplate=True, Parameters=[
        {"ParameterKey": "Name", "UsePreviousValue": True}, {"ParameterKey": "Stage", "ParameterValue": "qa"}])
    assert cfn.list_change_sets(StackName=stack)["Summaries"][0]["ExecutionStatus"] == "AVAILABLE"

    # An update made directly leaves the change set behind it obsolete.
    cfn.update_stack(StackName=stack, UsePreviousTemplate=True, Parameters=[
        {"ParameterKey": "Name", "UsePreviousValue": True}, {"ParameterKey": "Stage", "ParameterValue": "prod"}])
    wait(cfn, "stack_update_complete", StackName=stack)
    assert cfn.describe_change_set(ChangeSetName="twice", StackName=stack)["ExecutionStatus"] == "OBSOLETE"

    # A stack created only for review is deleted at once; no bad change set leaves a stack behind.
    review = f"cs-review-{unique}"
    expect_error("ValidationError", cfn.create_change_set, StackName=review, ChangeSetName="broken", ChangeSetType="CREATE",
                 TemplateBody="Resources:\n  X: {Type: AWS::Nope::Thing}\n")
    assert review not in {s["StackName"] for s in cfn.list_stacks()["StackSummaries"]}
    cfn.create_change_set(StackName=review, ChangeSetName="draft", ChangeSetType="CREATE", TemplateBody="Resources:\n  B: {Type: AWS::S3::Bucket}\n")
    cfn.delete_stack(StackName=review)
    wait(cfn, "stack_delete_complete", StackName=review)
