"""The administrator's bucket settings through the aws CLI: CORS, lifecycle, tags, policy, encryption, replication."""

import json
import time


def cli_json(server, *args):
    return json.loads(server.aws(*args, "--output", "json").stdout or "{}")


def test_bucket_settings_with_the_cli(server, unique, tmp_path):
    b, dr = f"cli-tpl-{unique}", f"cli-dr-{unique}"
    for bucket in (b, dr):
        server.aws("s3api", "create-bucket", "--bucket", bucket)
        server.aws("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled")

    server.aws("s3api", "put-bucket-cors", "--bucket", b, "--cors-configuration", json.dumps({"CORSRules": [
        {"AllowedOrigins": ["https://*.sagemaker.aws"], "AllowedMethods": ["GET"]}]}))
    assert cli_json(server, "s3api", "get-bucket-cors", "--bucket", b)["CORSRules"][0]["AllowedOrigins"] == ["https://*.sagemaker.aws"]

    server.aws("s3api", "put-bucket-lifecycle-configuration", "--bucket", b, "--lifecycle-configuration", json.dumps({"Rules": [
        {"ID": "old", "Filter": {"Prefix": "templates/"}, "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]}))
    assert cli_json(server, "s3api", "get-bucket-lifecycle-configuration", "--bucket", b)["Rules"][0]["ID"] == "old"

    server.aws("s3api", "put-bucket-encryption", "--bucket", b, "--server-side-encryption-configuration",
               json.dumps({"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}))
    rules = cli_json(server, "s3api", "get-bucket-encryption", "--bucket", b)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    refused = server.aws("s3api", "put-bucket-encryption", "--bucket", b, "--server-side-encryption-configuration",
                         json.dumps({"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]}), check=False)
    assert refused.returncode != 0 and "NotImplemented" in refused.stderr

    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    role = cli_json(server, "iam", "create-role", "--role-name", f"cli-repl-{unique}", "--assume-role-policy-document", trust)["Role"]["Arn"]
    server.aws("iam", "put-role-policy", "--role-name", f"cli-repl-{unique}", "--policy-name", "replicate", "--policy-document", json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
            "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging", "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            "Resource": [f"arn:aws:s3:::{b}/*", f"arn:aws:s3:::{dr}/*"]}]}))
    config = tmp_path / "replication.json"
    config.write_text(json.dumps({"Role": role, "Rules": [
        {"ID": "dr", "Priority": 1, "Filter": {"Prefix": ""}, "Status": "Enabled", "DeleteMarkerReplication": {"Status": "Disabled"},
         "Destination": {"Bucket": f"arn:aws:s3:::{dr}"}}]}))
    server.aws("s3api", "put-bucket-replication", "--bucket", b, "--replication-configuration", f"file://{config}")
    assert cli_json(server, "s3api", "get-bucket-replication", "--bucket", b)["ReplicationConfiguration"]["Role"] == role

    template = tmp_path / "mlops.yaml"
    template.write_text("Description: from the CLI\n")
    server.aws("s3", "cp", str(template), f"s3://{b}/templates/mlops.yaml")
    server.aws("s3api", "put-object-tagging", "--bucket", b, "--key", "templates/mlops.yaml", "--tagging",
               json.dumps({"TagSet": [{"Key": "sagemaker:studio-visibility", "Value": "true"}]}))
    assert cli_json(server, "s3api", "get-object-tagging", "--bucket", b, "--key", "templates/mlops.yaml")["TagSet"] == [
        {"Key": "sagemaker:studio-visibility", "Value": "true"}]
    head = cli_json(server, "s3api", "head-object", "--bucket", b, "--key", "templates/mlops.yaml")
    assert head["ServerSideEncryption"] == "AES256"
    deadline = time.time() + 30
    while time.time() < deadline and head.get("ReplicationStatus") != "COMPLETED":
        time.sleep(0.3)
        head = cli_json(server, "s3api", "head-object", "--bucket", b, "--key", "templates/mlops.yaml")
    assert head["ReplicationStatus"] == "COMPLETED"
    copy = tmp_path / "copy.yaml"
    server.aws("s3", "cp", f"s3://{dr}/templates/mlops.yaml", str(copy))
    assert copy.read_text() == "Description: from the CLI\n"

    server.aws("s3api", "delete-bucket-replication", "--bucket", b)
    gone = server.aws("s3api", "get-bucket-replication", "--bucket", b, check=False)
    assert gone.returncode != 0 and "ReplicationConfigurationNotFoundError" in gone.stderr
