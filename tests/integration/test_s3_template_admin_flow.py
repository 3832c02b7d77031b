"""The administrator's template flow from the product story, end to end."""

import json
import time

import requests


def test_template_admin_flow(fast_lifecycle_server, unique):
    server = fast_lifecycle_server
    s3 = server.client("s3")
    bucket = f"org-templates-{unique}"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": ["https://*.sagemaker.aws"], "AllowedMethods": ["GET"], "AllowedHeaders": ["*"]}]})

    # A disaster-recovery copy in another region, written by S3 through a role.
    dr_bucket = f"org-templates-dr-{unique}"
    dr = server.client("s3", region="eu-west-1")
    dr.create_bucket(Bucket=dr_bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    dr.put_bucket_versioning(Bucket=dr_bucket, VersioningConfiguration={"Status": "Enabled"})
    iam = server.client("iam")
    role = iam.create_role(RoleName=f"template-replication-{unique}", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    iam.put_role_policy(RoleName=f"template-replication-{unique}", PolicyName="replicate", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging"], "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Effect": "Allow", "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], "Resource": f"arn:aws:s3:::{dr_bucket}/*"}]}))
    s3.put_bucket_replication(Bucket=bucket, ReplicationConfiguration={"Role": role, "Rules": [
        {"ID": "dr", "Priority": 1, "Filter": {"Prefix": "templates/"}, "Status": "Enabled", "DeleteMarkerReplication": {"Status": "Enabled"},
         "Destination": {"Bucket": f"arn:aws:s3:::{dr_bucket}"}}]})

    good = s3.put_object(Bucket=bucket, Key="templates/mlops.yaml", Body=b"Description: v1\n",
                         Tagging="sagemaker%3Astudio-visibility=true")["VersionId"]
    s3.put_object(Bucket=bucket, Key="templates/mlops.yaml", Body=b"Description: v2 (broken)\n",
                  Tagging="sagemaker%3Astudio-visibility=true")
    s3.put_object(Bucket=bucket, Key="templates/draft.yaml", Body=b"Description: draft\n")
    visible = [key for key in ("templates/mlops.yaml", "templates/draft.yaml")
               if {"Key": "sagemaker:studio-visibility", "Value": "true"} in s3.get_object_tagging(Bucket=bucket, Key=key)["TagSet"]]
    assert visible == ["templates/mlops.yaml"]

    versions = s3.list_object_versions(Bucket=bucket, Prefix="templates/mlops.yaml")["Versions"]
    assert len(versions) == 2
    s3.copy_object(Bucket=bucket, Key="templates/mlops.yaml", CopySource={"Bucket": bucket, "Key": "templates/mlops.yaml", "VersionId": good})
    assert s3.get_object(Bucket=bucket, Key="templates/mlops.yaml")["Body"].read() == b"Description: v1\n"

    # The rolled-back template, its tags, and the draft's delete marker all reach the other region.
    rolled_back = s3.head_object(Bucket=bucket, Key="templates/mlops.yaml")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key="templates/draft.yaml")["VersionId"]
    deadline = time.time() + 30
    while time.time() < deadline and s3.head_object(Bucket=bucket, Key="templates/mlops.yaml").get("ReplicationStatus") != "COMPLETED":
        time.sleep(0.2)
    copy = dr.get_object(Bucket=dr_bucket, Key="templates/mlops.yaml")
    assert copy["VersionId"] == rolled_back and copy["ReplicationStatus"] == "REPLICA"
    assert copy["Body"].read() == b"Description: v1\n"
    assert dr.get_object_tagging(Bucket=dr_bucket, Key="templates/mlops.yaml")["TagSet"] == [{"Key": "sagemaker:studio-visibility", "Value": "true"}]
    while time.time() < deadline and not dr.list_object_versions(Bucket=dr_bucket, Prefix="templates/draft.yaml").get("DeleteMarkers"):
        time.sleep(0.2)
    assert [m["VersionId"] for m in dr.list_object_versions(Bucket=dr_bucket, Prefix="templates/draft.yaml")["DeleteMarkers"]] == [marker]

    preflight = requests.options(f"{server.endpoint}/{bucket}/templates/mlops.yaml",
                                 headers={"Origin": "https://d-1.studio.us-east-1.sagemaker.aws", "Access-Control-Request-Method": "GET"}, timeout=10)
    assert preflight.status_code == 200

    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "old-versions", "Filter": {"Prefix": "templates/"}, "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 1}}]})
    deadline = time.time() + 30
    while time.time() < deadline and len(s3.list_object_versions(Bucket=bucket, Prefix="templates/mlops.yaml")["Versions"]) > 1:
        time.sleep(0.3)
    remaining = s3.list_object_versions(Bucket=bucket, Prefix="templates/mlops.yaml")["Versions"]
    assert len(remaining) == 1 and remaining[0]["IsLatest"]
    assert s3.get_object(Bucket=bucket, Key="templates/mlops.yaml")["Body"].read() == b"Description: v1\n"
    assert s3.get_object_tagging(Bucket=bucket, Key="templates/mlops.yaml")["TagSet"] == [{"Key": "sagemaker:studio-visibility", "Value": "true"}]
