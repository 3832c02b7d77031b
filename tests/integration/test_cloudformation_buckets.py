"""AWS::S3::Bucket with every property S3 supports: CORS, lifecycle, encryption, public access block, ownership controls and replication
(to a bucket another stack resource makes), checked through S3's own API, changed and removed by an update."""

import json
import time

import botocore.exceptions

from helpers import expect_error


def wait(cfn, name, stack):
    cfn.get_waiter(name).wait(StackName=stack, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


def template(unique, generation):
    cors_origin = "https://studio.example.com" if generation == 1 else "https://console.example.com"
    ownership = "BucketOwnerPreferred" if generation == 1 else "ObjectWriter"
    lifecycle = """
      LifecycleConfiguration:
        Rules:
          - {Id: expire-scratch, Status: Enabled, Prefix: scratch/, ExpirationInDays: 7, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 1}}
          - Id: old-versions
            Status: Enabled
            NoncurrentVersionExpiration: {NoncurrentDays: 30, NewerNoncurrentVersions: 2}
            TagFilters: [{Key: tier, Value: cold}]
            ObjectSizeGreaterThan: 1024""" if generation == 1 else ""
    return f"""
Resources:
  ReplicationRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {{Version: "2012-10-17", Statement: [{{Effect: Allow, Principal: {{Service: s3.amazonaws.com}}, Action: "sts:AssumeRole"}}]}}
      Policies:
        - PolicyName: replicate
          PolicyDocument: {{Version: "2012-10-17", Statement: [{{Effect: Allow, Action: "s3:*", Resource: "*"}}]}}
  Backup:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: backup-{unique}
      VersioningConfiguration: {{Status: Enabled}}
  Models:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: models-{unique}
      VersioningConfiguration: {{Status: Enabled}}
      BucketEncryption:
        ServerSideEncryptionConfiguration: [{{ServerSideEncryptionByDefault: {{SSEAlgorithm: AES256}}, BucketKeyEnabled: false}}]
      PublicAccessBlockConfiguration: {{BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}}
      OwnershipControls: {{Rules: [{{ObjectOwnership: {ownership}}}]}}
      CorsConfiguration:
        CorsRules: [{{AllowedMethods: [GET, PUT], AllowedOrigins: ["{cors_origin}"], AllowedHeaders: ["*"], MaxAge: 600, Id: studio}}]{lifecycle}
      ReplicationConfiguration:
        Role: !GetAtt ReplicationRole.Arn
        Rules:
          - Id: to-backup
            Status: Enabled
            Priority: 1
            Filter: {{Prefix: models/}}
            DeleteMarkerReplication: {{Status: Enabled}}
            Destination: {{Bucket: !GetAtt Backup.Arn}}
"""


def test_every_bucket_configuration_is_applied_changed_and_removed(server, unique):
    cfn = server.client("cloudformation")
    s3 = server.client("s3")
    stack, bucket = f"buckets-{unique}", f"models-{unique}"
    cfn.create_stack(StackName=stack, TemplateBody=template(unique, 1), Capabilities=["CAPABILITY_IAM"])
    wait(cfn, "stack_create_complete", stack)

    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    assert s3.get_bucket_ownership_controls(Bucket=f"backup-{unique}")["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    cors = s3.get_bucket_cors(Bucket=bucket)["CORSRules"][0]
    assert (cors["AllowedOrigins"], cors["AllowedMethods"], cors["MaxAgeSeconds"], cors["ID"]) == (["https://studio.example.com"], ["GET", "PUT"], 600, "studio")
    rules = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]}
    assert rules["expire-scratch"]["Filter"] == {"Prefix": "scratch/"} and rules["expire-scratch"]["Expiration"] == {"Days": 7}
    old = rules["old-versions"]
    assert old["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30, "NewerNoncurrentVersions": 2}
    assert rules["expire-scratch"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}
    assert old["Filter"] == {"And": {"Tags": [{"Key": "tier", "Value": "cold"}], "ObjectSizeGreaterThan": 1024}}
    replication = s3.get_bucket_replication(Bucket=bucket)["ReplicationConfiguration"]
    role_arn = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}["ReplicationRole"]
    assert replication["Role"] == f"arn:aws:iam::{server.account_id}:role/{role_arn}"
    assert replication["Rules"][0]["Destination"]["Bucket"] == f"arn:aws:s3:::backup-{unique}"
    # Replication actually runs: a model written under models/ reaches the backup bucket.
    s3.put_object(Bucket=bucket, Key="models/v1.tar.gz", Body=b"weights")
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            assert s3.get_object(Bucket=f"backup-{unique}", Key="models/v1.tar.gz")["Body"].read() == b"weights"
            break
        except botocore.exceptions.ClientError:
            time.sleep(0.2)
    else:
        raise AssertionError("the model was not replicated")

    cfn.update_stack(StackName=stack, TemplateBody=template(unique, 2), Capabilities=["CAPABILITY_IAM"])
    wait(cfn, "stack_update_complete", stack)
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"][0]["AllowedOrigins"] == ["https://console.example.com"]
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "ObjectWriter"}]
    expect_error("NoSuchLifecycleConfiguration", s3.get_bucket_lifecycle_configuration, Bucket=bucket)

    # A property S3 has no such setting for is refused before anything is made.
    err = expect_error("ValidationError", cfn.validate_template, TemplateBody=json.dumps({"Resources": {"B": {
        "Type": "AWS::S3::Bucket", "Properties": {"LifecycleConfiguration": {"Rules": [{"Status": "Enabled", "Transitions": []}]}}}}}))
    assert "extraneous key [Transitions]" in err[1]
