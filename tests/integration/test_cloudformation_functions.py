"""Lambda, EventBridge and custom resources in CloudFormation stacks: inline function code with cfnresponse,
custom resources answering Create, Update and Delete through their presigned response URL (their Data as
attributes), failures that roll the stack back with the function's reason, versions, buses and rules with targets."""

import json
import time

import botocore.exceptions
import pytest

CUSTOM = """
Parameters:
  Size: {Type: Number, Default: 3}
Resources:
  Log: {Type: AWS::S3::Bucket, DeletionPolicy: Retain}
  ProviderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]
      Policies:
        - PolicyName: log
          PolicyDocument:
            Version: "2012-10-17"
            Statement: [{Effect: Allow, Action: "s3:PutObject", Resource: !Sub "${Log.Arn}/*"}]
  Provider:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.11
      Handler: index.handler
      Role: !GetAtt ProviderRole.Arn
      Timeout: 20
      Environment: {Variables: {LOG: !Ref Log}}
      Code:
        ZipFile: |
          import json, os
          import boto3
          import cfnresponse
          def handler(event, context):
              props = event["ResourceProperties"]
              boto3.client("s3").put_object(Bucket=os.environ["LOG"], Key="requests/" + event["RequestId"], Body=json.dumps(event))
              if props.get("Fail") == "yes" and event["RequestType"] != "Delete":
                  cfnresponse.send(event, context, cfnresponse.FAILED, {}, reason="the size " + props["Size"] + " is not allowed")
                  return
              if props.get("Crash") == "yes" and event["RequestType"] != "Delete":
                  raise RuntimeError("provider crashed")
              physical = event.get("PhysicalResourceId") or "thing-" + props["Size"]
              if event["RequestType"] == "Update" and props["Size"] != event["OldResourceProperties"]["Size"]:
                  physical = "thing-" + props["Size"]
              cfnresponse.send(event, context, cfnresponse.SUCCESS, {"Doubled": str(int(props["Size"]) * 2), "Kind": event["ResourceType"]}, physical)
  Thing:
    Type: Custom::Thing
    Properties:
      ServiceToken: !GetAtt Provider.Arn
      Size: !Ref Size
      Nested: {List: [1, true]}
  Version:
    Type: AWS::Lambda::Version
    Properties: {FunctionName: !Ref Provider, Description: first}
  Bus: {Type: AWS::Events::EventBus, Properties: {Name: !Sub "${AWS::StackName}-bus"}}
  Forward:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref Bus
      EventPattern: '{"source": ["ml.training"]}'
      State: DISABLED
      Targets: [{Id: provider, Arn: !GetAtt Provider.Arn, RetryPolicy: {MaximumRetryAttempts: 3}, InputPath: "$.detail"}]
Outputs:
  Doubled: {Value: !GetAtt Thing.Doubled}
  Kind: {Value: !GetAtt Thing.Kind}
  ThingId: {Value: !Ref Thing}
  Version: {Value: !GetAtt Version.Version}
  LogBucket: {Value: !Ref Log}
  Function: {Value: !Ref Provider}
  Rule: {Value: !GetAtt Forward.Arn}
"""


def wait(cfn, name, stack):
    cfn.get_waiter(name).wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 60})


def outputs(cfn, stack):
    return {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])}


def requests(s3, bucket):
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="requests/").get("Contents", [])]
    return sorted((json.loads(s3.get_object(Bucket=bucket, Key=k)["Body"].read()) for k in keys), key=lambda e: e["RequestType"])


def test_custom_resources_functions_versions_and_rules(server, unique):
    cfn, s3, lam, events = server.client("cloudformation"), server.client("s3"), server.client("lambda"), server.client("events")
    stack = f"custom-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=CUSTOM, Capabilities=["CAPABILITY_IAM"])
    wait(cfn, "stack_create_complete", stack)
    out = outputs(cfn, stack)
    assert (out["Doubled"], out["Kind"], out["ThingId"], out["Version"]) == ("6", "Custom::Thing", "thing-3", "1")
    [create] = requests(s3, out["LogBucket"])
    assert create["RequestType"] == "Create" and create["ResourceType"] == "Custom::Thing" and create["LogicalResourceId"] == "Thing"
    assert create["ResourceProperties"] == {"ServiceToken": create["ServiceToken"], "Size": "3", "Nested": {"List": ["1", "true"]}}
    assert create["ResponseURL"].startswith(server.endpoint) and "X-Amz-Signature=" in create["ResponseURL"]
    stack_id = cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackId"]
    assert create["StackId"] == stack_id and "PhysicalResourceId" not in create

    # The response URL answers once.
    import requests as http
    assert http.put(create["ResponseURL"], data=b"{}", timeout=5).status_code == 403

    function = lam.get_function(FunctionName=out["Function"])
    assert function["Configuration"]["Handler"] == "index.handler" and function["Tags"]["aws:cloudformation:stack-name"] == stack
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName=out["Function"])["Versions"]] == ["$LATEST", "1"]
    rule = events.describe_rule(Name=out["Rule"].split("/")[-1], EventBusName=f"{stack}-bus")
    assert rule["State"] == "DISABLED" and json.loads(rule["EventPattern"]) == {"source": ["ml.training"]}
    [target] = events.list_targets_by_rule(Rule=rule["Name"], EventBusName=f"{stack}-bus")["Targets"]
    assert (target["Arn"], target["InputPath"], target["RetryPolicy"]["MaximumRetryAttempts"]) == (function["Configuration"]["FunctionArn"], "$.detail", 3)

    # An update sends Update with the old properties; a new physical id replaces the resource (the old one is deleted).
    cfn.update_stack(StackName=stack, UsePreviousTemplate=True, Capabilities=["CAPABILITY_IAM"], Parameters=[{"ParameterKey": "Size", "ParameterValue": "5"}])
    wait(cfn, "stack_update_complete", stack)
    out = outputs(cfn, stack)
    assert (out["Doubled"], out["ThingId"]) == ("10", "thing-5")
    seen = requests(s3, out["LogBucket"])
    update = next(e for e in seen if e["RequestType"] == "Update")
    assert update["OldResourceProperties"]["Size"] == "3" and update["PhysicalResourceId"] == "thing-3"
    assert any(e["RequestType"] == "Delete" and e["PhysicalResourceId"] == "thing-3" for e in seen)

    # Deleting the stack sends Delete while the function still exists, then removes everything (the log is retained).
    cfn.delete_stack(StackName=stack)
    wait(cfn, "stack_delete_complete", stack)
    assert any(e["RequestType"] == "Delete" and e["PhysicalResourceId"] == "thing-5" for e in requests(s3, out["LogBucket"]))
    with pytest.raises(botocore.exceptions.ClientError):
        lam.get_function(FunctionName=out["Function"])
    assert f"{stack}-bus" not in [b["Name"] for b in events.list_event_buses()["EventBuses"]]


def test_custom_resource_failures_roll_the_stack_back_with_the_reason(server, unique):
    cfn = server.client("cloudformation")
    failing = CUSTOM.replace("      Nested: {List: [1, true]}", "      Fail: 'yes'")
    cfn.create_stack(StackName=f"fail-{unique}", TemplateBody=failing, Capabilities=["CAPABILITY_IAM"])
    with pytest.raises(botocore.exceptions.WaiterError):
        wait(cfn, "stack_create_complete", f"fail-{unique}")
    events = cfn.describe_stack_events(StackName=f"fail-{unique}")["StackEvents"]
    reasons = [e.get("ResourceStatusReason", "") for e in events if e["LogicalResourceId"] == "Thing" and e["ResourceStatus"] == "CREATE_FAILED"]
    assert reasons and "Received response status [FAILED] from custom resource. Message returned: the size 3 is not allowed" in reasons[0]
    assert cfn.describe_stacks(StackName=f"fail-{unique}")["Stacks"][0]["StackStatus"] == "ROLLBACK_COMPLETE"

    crashing = CUSTOM.replace("      Nested: {List: [1, true]}", "      Crash: 'yes'")
    started = time.time()
    cfn.create_stack(StackName=f"crash-{unique}", TemplateBody=crashing, Capabilities=["CAPABILITY_IAM"])
    with pytest.raises(botocore.exceptions.WaiterError):
        wait(cfn, "stack_create_complete", f"crash-{unique}")
    assert time.time() - started < 30, "a function that fails without answering fails the resource at once"
    events = cfn.describe_stack_events(StackName=f"crash-{unique}")["StackEvents"]
    reasons = [e.get("ResourceStatusReason", "") for e in events if e["LogicalResourceId"] == "Thing" and e["ResourceStatus"] == "CREATE_FAILED"]
    assert reasons and "failed without responding: provider crashed" in reasons[0]
