"""Nested stacks (AWS::CloudFormation::Stack from a template in S3) and wait condition handles: the child is a
stack of its own with its parent's id, its outputs feed the parent, it is updated, rolled back and deleted with it."""

import botocore.exceptions
import pytest


def wait(cfn, name, stack):
    cfn.get_waiter(name).wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


def exists(s3, bucket):
    try:
        s3.head_bucket(Bucket=bucket)
        return True
    except botocore.exceptions.ClientError:
        return False


CHILD = """
Parameters:
  Stage: {Type: String}
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{Key: stage, Value: !Ref Stage}]
Outputs:
  DataBucket: {Value: !Ref Data}
"""

PARENT = """
Parameters:
  Stage: {Type: String, Default: dev}
  ChildURL: {Type: String}
Resources:
  Storage:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !Ref ChildURL
      Parameters: {Stage: !Ref Stage}
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{Key: data, Value: !GetAtt Storage.Outputs.DataBucket}]
  Placeholder: {Type: AWS::CloudFormation::WaitConditionHandle}
Outputs:
  DataBucket: {Value: !GetAtt Storage.Outputs.DataBucket}
  StorageStack: {Value: !Ref Storage}
  Handle: {Value: !Ref Placeholder}
"""


def test_a_nested_stack_is_created_updated_and_deleted_with_its_parent(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    bucket = f"nested-templates-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="child.yaml", Body=CHILD.encode())
    url = f"https://{bucket}.s3.amazonaws.com/child.yaml"
    stack = f"parent-{unique}"
    parent_id = cfn.create_stack(StackName=stack, TemplateBody=PARENT, Parameters=[{"ParameterKey": "ChildURL", "ParameterValue": url}])["StackId"]
    wait(cfn, "stack_create_complete", stack)
    outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]}
    child_id = outputs["StorageStack"]
    child = cfn.describe_stacks(StackName=child_id)["Stacks"][0]
    assert child["StackName"].startswith(f"{stack}-Storage-")
    assert (child["StackStatus"], child["ParentId"], child["RootId"]) == ("CREATE_COMPLETE", parent_id, parent_id)
    data = outputs["DataBucket"]
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=data)["TagSet"]}["stage"] == "dev"
    logs = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}["Logs"]
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=logs)["TagSet"]}["data"] == data
    assert outputs["Handle"].startswith("https://cloudformation-waitcondition-us-east-1.s3.amazonaws.com/")
    assert child["StackName"] in {s["StackName"] for s in cfn.list_stacks(StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]}

    cfn.update_stack(StackName=stack, UsePreviousTemplate=True, Parameters=[
        {"ParameterKey": "ChildURL", "UsePreviousValue": True}, {"ParameterKey": "Stage", "ParameterValue": "prod"}])
    wait(cfn, "stack_update_complete", stack)
    assert cfn.describe_stacks(StackName=child_id)["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"
    assert {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=data)["TagSet"]}["stage"] == "prod"

    cfn.delete_stack(StackName=stack)
    wait(cfn, "stack_delete_complete", stack)
    assert cfn.describe_stacks(StackName=child_id)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    assert not exists(s3, data) and not exists(s3, logs)


def test_a_failed_nested_stack_rolls_its_parent_back(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    bucket, taken = f"nested-bad-{unique}", f"nested-taken-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.create_bucket(Bucket=taken)
    s3.put_object(Bucket=bucket, Key="child.yaml", Body=f"""
Resources:
  First: {{Type: AWS::S3::Bucket}}
  Clash: {{Type: AWS::S3::Bucket, DependsOn: First, Properties: {{BucketName: {taken}}}}}
""".encode())
    stack = f"badparent-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=f"""
Resources:
  Before: {{Type: AWS::S3::Bucket}}
  Child:
    Type: AWS::CloudFormation::Stack
    DependsOn: Before
    Properties: {{TemplateURL: "s3://{bucket}/child.yaml"}}
""")
    with pytest.raises(botocore.exceptions.WaiterError):
        wait(cfn, "stack_create_complete", stack)
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "ROLLBACK_COMPLETE"
    events = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    failed = [e for e in events if e["LogicalResourceId"] == "Child" and e["ResourceStatus"] == "CREATE_FAILED"][0]
    assert "was not successfully created: The following resource(s) failed to create: [Clash]." in failed["ResourceStatusReason"]
    child_id = [e["PhysicalResourceId"] for e in events if e["LogicalResourceId"] == "Child" and e["ResourceStatus"] == "CREATE_IN_PROGRESS"][0]
    assert cfn.describe_stacks(StackName=child_id)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    made = [e["PhysicalResourceId"] for e in cfn.describe_stack_events(StackName=child_id)["StackEvents"]
            if e["LogicalResourceId"] == "First" and e["ResourceStatus"] == "CREATE_COMPLETE"]
    assert made and not exists(s3, made[0])
    assert exists(s3, taken)

    # A template URL that cannot be read fails the resource with S3's answer.
    cfn.create_stack(StackName=f"nourl-{unique}", TemplateBody=f"""
Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties: {{TemplateURL: "s3://{bucket}/missing.yaml"}}
""")
    with pytest.raises(botocore.exceptions.WaiterError):
        wait(cfn, "stack_create_complete", f"nourl-{unique}")
    events = cfn.describe_stack_events(StackName=f"nourl-{unique}")["StackEvents"]
    assert "S3 error: The specified key does not exist." in [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"][0]["ResourceStatusReason"]
