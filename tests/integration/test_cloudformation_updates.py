"""Stack updates through boto3: in-place changes, replacements, additions and removals on real S3 buckets, a failed
update rolled back to the previous template, cancellation, exports and imports between stacks, termination
protection and retained resources."""

import botocore.exceptions
import pytest

from helpers import expect_error


def wait(cfn, name, stack, attempts=30):
    cfn.get_waiter(name).wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": attempts})


def waiter_fails(cfn, name, stack):
    with pytest.raises(botocore.exceptions.WaiterError):
        wait(cfn, name, stack)


def exists(s3, bucket):
    try:
        s3.head_bucket(Bucket=bucket)
        return True
    except botocore.exceptions.ClientError:
        return False


def physical_ids(cfn, stack):
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}


BEFORE = """
Parameters:
  Name: {Type: String}
  Stage: {Type: String, Default: dev}
Resources:
  Kept:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Enabled}
      Tags: [{Key: stage, Value: !Ref Stage}]
  Named:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Ref Name}
  Dropped: {Type: AWS::S3::Bucket}
Outputs:
  NamedArn: {Value: !GetAtt Named.Arn}
"""

AFTER = """
Parameters:
  Name: {Type: String}
  Stage: {Type: String, Default: dev}
Resources:
  Kept:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Suspended}
      Tags: [{Key: stage, Value: !Ref Stage}]
  Named:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub "${Name}-v2"}
  Added:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{Key: refers-to, Value: !Ref Named}]
Outputs:
  NamedArn: {Value: !GetAtt Named.Arn}
"""


def test_an_update_modifies_in_place_replaces_adds_and_removes(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack, name = f"upd-{unique}", f"named-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=BEFORE, Parameters=[{"ParameterKey": "Name", "ParameterValue": name}])
    wait(cfn, "stack_create_complete", stack)
    before = physical_ids(cfn, stack)
    assert "LastUpdatedTime" not in cfn.describe_stacks(StackName=stack)["Stacks"][0]

    cfn.update_stack(StackName=stack, TemplateBody=AFTER, Parameters=[
        {"ParameterKey": "Name", "UsePreviousValue": True}, {"ParameterKey": "Stage", "ParameterValue": "prod"}])
    wait(cfn, "stack_update_complete", stack)
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "UPDATE_COMPLETE"
    assert "LastUpdatedTime" in described
    assert described["Outputs"][0]["OutputValue"] == f"arn:aws:s3:::{name}-v2"
    after = physical_ids(cfn, stack)
    assert set(after) == {"Kept", "Named", "Added"}

    # In place: the same bucket, changed.
    assert after["Kept"] == before["Kept"]
    assert s3.get_bucket_versioning(Bucket=after["Kept"])["Status"] == "Suspended"
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=after["Kept"])["TagSet"]}["stage"] == "prod"
    # Replaced: a new bucket, the original deleted in the cleanup.
    assert after["Named"] == f"{name}-v2" and exists(s3, f"{name}-v2") and not exists(s3, name)
    # Added with a reference to the replacement; removed gone.
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=after["Added"])["TagSet"]}["refers-to"] == f"{name}-v2"
    assert not exists(s3, before["Dropped"])

    events = [(e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason")) for e in cfn.describe_stack_events(StackName=stack)["StackEvents"]]
    statuses = [s for logical, s, _ in events if logical == stack]
    assert statuses[:3] == ["UPDATE_COMPLETE", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_IN_PROGRESS"]
    assert ("Named", "UPDATE_IN_PROGRESS", "Requested update requires the creation of a new physical resource; hence creating one.") in events
    assert ("Dropped", "DELETE_COMPLETE", None) in events

    # Nothing new: refused; the previous template with a previous value is the same stack.
    err = expect_error("ValidationError", cfn.update_stack, StackName=stack, UsePreviousTemplate=True, Parameters=[
        {"ParameterKey": "Name", "UsePreviousValue": True}, {"ParameterKey": "Stage", "UsePreviousValue": True}])
    assert err[1] == "No updates are to be performed."
    err = expect_error("ValidationError", cfn.update_stack, StackName=stack, UsePreviousTemplate=True, Parameters=[
        {"ParameterKey": "Name", "UsePreviousValue": True, "ParameterValue": "x"}])
    assert "Cannot specify usePreviousValue as true and non empty value" in err[1]
    expect_error("ValidationError", cfn.update_stack, StackName=stack, TemplateBody="Resources:\n  Kept: {Type: AWS::SQS::Queue}\n")
    expect_error("ValidationError", cfn.update_stack, StackName=f"ghost-{unique}", UsePreviousTemplate=True)
    assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"

    cfn.delete_stack(StackName=stack)
    wait(cfn, "stack_delete_complete", stack)
    assert not any(exists(s3, b) for b in after.values())


def test_a_failed_update_rolls_back_to_the_previous_template(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack, name, taken = f"rb-{unique}", f"rbnamed-{unique}", f"rbtaken-{unique}"
    s3.create_bucket(Bucket=taken)
    cfn.create_stack(StackName=stack, TemplateBody=BEFORE, Parameters=[{"ParameterKey": "Name", "ParameterValue": name}])
    wait(cfn, "stack_create_complete", stack)
    before = physical_ids(cfn, stack)
    # "Added" comes first; then Named's replacement collides with a bucket that exists.
    failing = AFTER.replace('!Sub "${Name}-v2"', taken).replace("Value: !Ref Named", "Value: fixed")
    cfn.update_stack(StackName=stack, TemplateBody=failing, Parameters=[
        {"ParameterKey": "Name", "UsePreviousValue": True}, {"ParameterKey": "Stage", "ParameterValue": "prod"}])
    waiter_fails(cfn, "stack_update_complete", stack)
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert described["StackStatusReason"].startswith("The following resource(s) failed to update: [Named].")
    assert {p["ParameterKey"]: p["ParameterValue"] for p in described["Parameters"]} == {"Name": name, "Stage": "dev"}
    assert cfn.get_template(StackName=stack)["TemplateBody"] == BEFORE
    assert physical_ids(cfn, stack) == before
    assert s3.get_bucket_versioning(Bucket=before["Kept"])["Status"] == "Enabled"
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=before["Kept"])["TagSet"]}["stage"] == "dev"
    assert exists(s3, name) and exists(s3, taken) and exists(s3, before["Dropped"])
    events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    added = [e["PhysicalResourceId"] for e in events if e["LogicalResourceId"] == "Added" and e["ResourceStatus"] == "CREATE_COMPLETE"]
    assert added and not exists(s3, added[0])
    statuses = [e["ResourceStatus"] for e in events if e["LogicalResourceId"] == stack]
    assert statuses[:4] == ["UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_IN_PROGRESS"]

    err = expect_error("ValidationError", cfn.continue_update_rollback, StackName=stack)
    assert "can not continue update rollback" in err[1]
    # A stack whose update rolled back can be updated again.
    cfn.update_stack(StackName=stack, UsePreviousTemplate=True, Parameters=[
        {"ParameterKey": "Name", "UsePreviousValue": True}, {"ParameterKey": "Stage", "ParameterValue": "qa"}])
    wait(cfn, "stack_update_complete", stack)


def test_cancel_update_stack_rolls_the_update_back(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack = f"cancel-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody="Resources:\n  Base: {Type: AWS::S3::Bucket}\n")
    wait(cfn, "stack_create_complete", stack)
    chain = "".join(f"  B{i}: {{Type: AWS::S3::Bucket, DependsOn: B{i - 1}}}\n" for i in range(1, 60))
    cfn.update_stack(StackName=stack, TemplateBody="Resources:\n  Base: {Type: AWS::S3::Bucket}\n  B0: {Type: AWS::S3::Bucket}\n" + chain)
    cfn.cancel_update_stack(StackName=stack)
    waiter_fails(cfn, "stack_update_complete", stack)
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert described["StackStatusReason"] == "Resource update cancelled"
    assert set(physical_ids(cfn, stack)) == {"Base"}
    made = {e["PhysicalResourceId"] for e in cfn.describe_stack_events(StackName=stack)["StackEvents"]
            if e["ResourceStatus"] == "CREATE_COMPLETE" and e["LogicalResourceId"] not in ("Base", stack)}
    assert not any(exists(s3, b) for b in made)
    err = expect_error("ValidationError", cfn.cancel_update_stack, StackName=stack)
    assert err[1] == "CancelUpdateStack cannot be called from current stack status"


def test_exports_are_imported_and_protected_while_in_use(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    producer, consumer = f"producer-{unique}", f"consumer-{unique}"
    export = f"shared-bucket-{unique}"
    exporting = f"""
Resources:
  Shared: {{Type: AWS::S3::Bucket}}
Outputs:
  Bucket: {{Value: !Ref Shared, Export: {{Name: {export}}}}}
"""
    cfn.create_stack(StackName=producer, TemplateBody=exporting)
    wait(cfn, "stack_create_complete", producer)
    shared = physical_ids(cfn, producer)["Shared"]
    exports = {e["Name"]: e for e in cfn.list_exports()["Exports"]}
    assert exports[export]["Value"] == shared
    assert exports[export]["ExportingStackId"] == cfn.describe_stacks(StackName=producer)["Stacks"][0]["StackId"]
    err = expect_error("ValidationError", cfn.list_imports, ExportName=export)
    assert err[1] == f"Export '{export}' is not imported by any stack."

    importing = f"""
Resources:
  User:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{{Key: uses, Value: !ImportValue {export}}}]
"""
    cfn.create_stack(StackName=consumer, TemplateBody=importing)
    wait(cfn, "stack_create_complete", consumer)
    user = physical_ids(cfn, consumer)["User"]
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=user)["TagSet"]}["uses"] == shared
    assert cfn.list_imports(ExportName=export)["Imports"] == [consumer]

    # A second stack may not claim the same export name; a missing export fails the create.
    cfn.create_stack(StackName=f"dup-{unique}", TemplateBody=exporting)
    waiter_fails(cfn, "stack_create_complete", f"dup-{unique}")
    assert cfn.describe_stacks(StackName=f"dup-{unique}")["Stacks"][0]["StackStatusReason"] == f"Export with name {export} is already exported by stack {producer}"
    cfn.create_stack(StackName=f"missing-{unique}", TemplateBody=importing.replace(export, f"nothing-{unique}"))
    waiter_fails(cfn, "stack_create_complete", f"missing-{unique}")

    # While imported, the export can neither change nor go, and its stack cannot be deleted.
    cfn.update_stack(StackName=producer, TemplateBody=exporting.replace("!Ref Shared", "changed"))
    waiter_fails(cfn, "stack_update_complete", producer)
    described = cfn.describe_stacks(StackName=producer)["Stacks"][0]
    assert described["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert described["StackStatusReason"] == f"Cannot update export {export} as it is in use by {consumer}"
    cfn.delete_stack(StackName=producer)
    waiter_fails(cfn, "stack_delete_complete", producer)
    described = cfn.describe_stacks(StackName=producer)["Stacks"][0]
    assert described["StackStatus"] == "DELETE_FAILED"
    assert described["StackStatusReason"] == f"Export {export} cannot be deleted as it is in use by {consumer}"
    assert exists(s3, shared)

    cfn.delete_stack(StackName=consumer)
    wait(cfn, "stack_delete_complete", consumer)
    cfn.delete_stack(StackName=producer)
    wait(cfn, "stack_delete_complete", producer)
    assert export not in {e["Name"] for e in cfn.list_exports()["Exports"]}


def test_termination_protection_resources_and_retained_deletes(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack, bucket = f"guarded-{unique}", f"guarded-{unique}"
    cfn.create_stack(StackName=stack, EnableTerminationProtection=True, TemplateBody=f"""
Resources:
  Data:
    Type: AWS::S3::Bucket
    Metadata: {{owner: ml-platform}}
    Properties: {{BucketName: {bucket}}}
  Scratch: {{Type: AWS::S3::Bucket}}
""")
    wait(cfn, "stack_create_complete", stack)
    assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["EnableTerminationProtection"] is True
    err = expect_error("ValidationError", cfn.delete_stack, StackName=stack)
    assert err[1] == f"Stack [{stack}] cannot be deleted while TerminationProtection is enabled"

    detail = cfn.describe_stack_resource(StackName=stack, LogicalResourceId="Data")["StackResourceDetail"]
    assert (detail["PhysicalResourceId"], detail["ResourceType"], detail["ResourceStatus"]) == (bucket, "AWS::S3::Bucket", "CREATE_COMPLETE")
    assert detail["Metadata"] == '{"owner":"ml-platform"}'
    expect_error("ValidationError", cfn.describe_stack_resource, StackName=stack, LogicalResourceId="Nope")
    summaries = cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]
    assert sorted(s["LogicalResourceId"] for s in summaries) == ["Data", "Scratch"]

    stack_id = cfn.update_termination_protection(StackName=stack, EnableTerminationProtection=False)["StackId"]
    assert stack_id == cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackId"]
    s3.put_object(Bucket=bucket, Key="keep.csv", Body=b"1,2")
    err = expect_error("ValidationError", cfn.delete_stack, StackName=stack, RetainResources=["Data"])
    assert "DELETE_FAILED" in err[1]
    cfn.delete_stack(StackName=stack)
    waiter_fails(cfn, "stack_delete_complete", stack)
    assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "DELETE_FAILED"
    cfn.delete_stack(StackName=stack, RetainResources=["Data"])
    wait(cfn, "stack_delete_complete", stack_id)
    assert s3.get_object(Bucket=bucket, Key="keep.csv")["Body"].read() == b"1,2"
    events = cfn.describe_stack_events(StackName=stack_id)["StackEvents"]
    assert [e["ResourceStatus"] for e in events if e["LogicalResourceId"] == "Data"][0] == "DELETE_SKIPPED"


def test_deletion_and_update_replace_policies_keep_what_they_say(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack = f"policies-{unique}"

    def body(generation):
        return f"""
Resources:
  Kept: {{Type: AWS::S3::Bucket, DeletionPolicy: Retain, Properties: {{BucketName: kept-{unique}}}}}
  Snapshotted: {{Type: AWS::S3::Bucket, DeletionPolicy: Snapshot, Properties: {{BucketName: snap-{unique}}}}}
  Renamed:
    Type: AWS::S3::Bucket
    UpdateReplacePolicy: Retain
    Properties: {{BucketName: renamed-{unique}-v{generation}}}
  Gone: {{Type: AWS::S3::Bucket, Properties: {{BucketName: gone-{unique}}}}}
"""
    cfn.create_stack(StackName=stack, TemplateBody=body(1))
    wait(cfn, "stack_create_complete", stack)
    cfn.update_stack(StackName=stack, TemplateBody=body(2))
    wait(cfn, "stack_update_complete", stack)
    # The replaced original stays (UpdateReplacePolicy: Retain); the stack now holds the new one.
    assert exists(s3, f"renamed-{unique}-v1") and exists(s3, f"renamed-{unique}-v2")
    events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    assert ("Renamed", f"renamed-{unique}-v1", "DELETE_SKIPPED") in [(e["LogicalResourceId"], e["PhysicalResourceId"], e["ResourceStatus"]) for e in events]
    stack_id = cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackId"]
    cfn.delete_stack(StackName=stack)
    wait(cfn, "stack_delete_complete", stack_id)
    assert exists(s3, f"kept-{unique}") and exists(s3, f"snap-{unique}")
    assert not exists(s3, f"gone-{unique}") and not exists(s3, f"renamed-{unique}-v2")
    final = {e["LogicalResourceId"]: e["ResourceStatus"] for e in reversed(cfn.describe_stack_events(StackName=stack_id)["StackEvents"])}
    assert (final["Kept"], final["Snapshotted"], final["Gone"], final["Renamed"]) == ("DELETE_SKIPPED", "DELETE_SKIPPED", "DELETE_COMPLETE", "DELETE_COMPLETE")
