"""The administrator's template flow from the product story, end to end (replication comes with its own work)."""

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
