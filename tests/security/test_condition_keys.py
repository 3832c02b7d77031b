"""Condition keys a Deny guardrail relies on (security issue, item 6), table-driven: for each row a user allowed
everything but denied the row's action under a condition on the row's key must be refused — proving the key is in
the request context with that value — and the same user with the condition on another value must not be refused.
A key that is missing fails the guardrail open, which is what these rows would catch."""

import json
import uuid

import botocore.exceptions
import pytest

from helpers import allow, make_user, package, policy

DENIED = {"AccessDenied", "AccessDeniedException"}
INFERENCE = {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1"}], "SupportedContentTypes": ["text/csv"],
             "SupportedResponseMIMETypes": ["text/csv"]}


def deny(action, condition):
    return {"Effect": "Deny", "Action": action, "Resource": "*", "Condition": condition}


class World:
    """What the rows act on, made once per server by its root user."""

    def __init__(self, server):
        self.server = server
        self.account = server.account_id
        suffix = uuid.uuid4().hex[:8]
        s3 = server.client("s3")
        self.bucket = "keys-" + suffix
        s3.create_bucket(Bucket=self.bucket)
        s3.put_bucket_versioning(Bucket=self.bucket, VersioningConfiguration={"Status": "Enabled"})
        s3.put_bucket_tagging(Bucket=self.bucket, Tagging={"TagSet": [{"Key": "env", "Value": "prod"}]})
        self.version = s3.put_object(Bucket=self.bucket, Key="tagged.txt", Body=b"x", Tagging="team=red")["VersionId"]
        s3.put_object(Bucket=self.bucket, Key="template.yaml", Body=b"Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n")
        self.template_url = f"https://{self.bucket}.s3.amazonaws.com/template.yaml"
        sm = server.client("secretsmanager")
        self.secret = sm.create_secret(Name="keys-prod-" + suffix, SecretString="v", Tags=[{"Key": "env", "Value": "prod"}])["ARN"]
        iam = server.client("iam")
        iam.create_user(UserName="keys-tagged-" + suffix, Tags=[{"Key": "team", "Value": "red"}])
        self.tagged_user = "keys-tagged-" + suffix
        self.boundary = iam.create_policy(PolicyName="keys-boundary-" + suffix, PolicyDocument=policy(allow("s3:*")))["Policy"]["Arn"]
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com", "cloudformation.amazonaws.com"]}, "Action": "sts:AssumeRole"},
                                                        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.account}:root"}, "Action": "sts:AssumeRole"}]}
        self.role = iam.create_role(RoleName="keys-role-" + suffix, AssumeRolePolicyDocument=json.dumps(trust), Tags=[{"Key": "team", "Value": "red"}])["Role"]["Arn"]
        iam.put_role_policy(RoleName="keys-role-" + suffix, PolicyName="all", PolicyDocument=policy(allow("*")))
        self.function = "keys-fn-" + suffix
        server.client("lambda").create_function(FunctionName=self.function, Runtime="python3.11", Role=self.role, Handler="app.handler",
                                                Code={"ZipFile": package({"app.py": "def handler(e, c): return 1\n"})}, Tags={"team": "red"})
        cfn = server.client("cloudformation")
        self.stack = "keys-stack-" + suffix
        cfn.create_stack(StackName=self.stack, TemplateURL=self.template_url, Tags=[{"Key": "team", "Value": "red"}])
        events = server.client("events")
        self.rule = "keys-rule-" + suffix
        events.put_rule(Name=self.rule, EventPattern='{"source": ["app"]}', Tags=[{"Key": "team", "Value": "red"}])
        sagemaker = server.client("sagemaker")
        self.group = "keys-group-" + suffix
        group_arn = sagemaker.create_model_package_group(ModelPackageGroupName=self.group, Tags=[{"Key": "team", "Value": "red"}])["ModelPackageGroupArn"]
        assert sagemaker.list_tags(ResourceArn=group_arn)["Tags"] == [{"Key": "team", "Value": "red"}]


def outcome(call):
    try:
        call()
        return "allowed"
    except botocore.exceptions.ClientError as error:
        code = error.response["Error"]["Code"]
        return "denied" if code in DENIED or error.response["ResponseMetadata"]["HTTPStatusCode"] == 403 else "allowed"


def session(server, key, secret):
    credentials = server.client("sts", key, secret).get_session_token()["Credentials"]
    return credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]


# Each row: id, action, key, matching condition, other condition, call(world, client factory).
ROWS = [
    ("user-agent", "iam:ListUsers", "aws:UserAgent",
     {"StringLike": {"aws:UserAgent": "*Boto3*"}}, {"StringLike": {"aws:UserAgent": "curl/*"}},
     lambda w, c: c("iam").list_users()),
    ("resource-account", "s3:ListBucket", "aws:ResourceAccount",
     lambda w: {"StringEquals": {"aws:ResourceAccount": w.account}}, {"StringEquals": {"aws:ResourceAccount": "999999999999"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket)),
    ("via-aws-service-direct", "iam:ListUsers", "aws:ViaAWSService",
     {"Bool": {"aws:ViaAWSService": "false"}}, {"Bool": {"aws:ViaAWSService": "true"}},
     lambda w, c: c("iam").list_users()),
    ("token-issue-time", "iam:ListUsers", "aws:TokenIssueTime",
     {"DateLessThan": {"aws:TokenIssueTime": "2100-01-01T00:00:00Z"}}, {"DateLessThan": {"aws:TokenIssueTime": "2001-01-01T00:00:00Z"}},
     lambda w, c: c("iam", temporary=True).list_users()),
    ("mfa-absent-in-a-session", "iam:ListUsers", "aws:MultiFactorAuthPresent",
     {"Bool": {"aws:MultiFactorAuthPresent": "false"}}, {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
     lambda w, c: c("iam", temporary=True).list_users()),
    ("request-tag-on-create-project", "sagemaker:CreateProject", "aws:RequestTag/team",
     {"StringEquals": {"aws:RequestTag/team": "ml"}}, {"StringEquals": {"aws:RequestTag/team": "web"}},
     lambda w, c: c("sagemaker").create_project(ProjectName="tagged-" + uuid.uuid4().hex[:6], Tags=[{"Key": "team", "Value": "ml"}],
                                               TemplateProviders=[{"CfnTemplateProvider": {"TemplateName": "t", "TemplateURL": f"https://{w.bucket}.s3.amazonaws.com/absent.yaml"}}])),
    ("tag-keys-on-create-project", "sagemaker:CreateProject", "aws:TagKeys",
     {"ForAnyValue:StringEquals": {"aws:TagKeys": "team"}}, {"ForAnyValue:StringEquals": {"aws:TagKeys": "owner"}},
     lambda w, c: c("sagemaker").create_project(ProjectName="tagged-" + uuid.uuid4().hex[:6], Tags=[{"Key": "team", "Value": "ml"}],
                                               TemplateProviders=[{"CfnTemplateProvider": {"TemplateName": "t", "TemplateURL": f"https://{w.bucket}.s3.amazonaws.com/absent.yaml"}}])),
    ("request-tag-on-create-secret", "secretsmanager:CreateSecret", "aws:RequestTag/env",
     {"StringEquals": {"aws:RequestTag/env": "dev"}}, {"StringEquals": {"aws:RequestTag/env": "prod"}},
     lambda w, c: c("secretsmanager").create_secret(Name="s-" + uuid.uuid4().hex[:6], SecretString="v", Tags=[{"Key": "env", "Value": "dev"}])),
    ("resource-tag-on-a-secret", "secretsmanager:GetSecretValue", "aws:ResourceTag/env",
     {"StringEquals": {"aws:ResourceTag/env": "prod"}}, {"StringEquals": {"aws:ResourceTag/env": "dev"}},
     lambda w, c: c("secretsmanager").get_secret_value(SecretId=w.secret)),
    ("secretsmanager-resource-tag", "secretsmanager:GetSecretValue", "secretsmanager:ResourceTag/env",
     {"StringEquals": {"secretsmanager:ResourceTag/env": "prod"}}, {"StringEquals": {"secretsmanager:ResourceTag/env": "dev"}},
     lambda w, c: c("secretsmanager").get_secret_value(SecretId=w.secret)),
    ("secretsmanager-secret-id", "secretsmanager:GetSecretValue", "secretsmanager:SecretId",
     lambda w: {"StringEquals": {"secretsmanager:SecretId": w.secret}}, {"StringEquals": {"secretsmanager:SecretId": "arn:aws:secretsmanager:us-east-1:999999999999:secret:x"}},
     lambda w, c: c("secretsmanager").get_secret_value(SecretId=w.secret)),
    ("secretsmanager-version-stage", "secretsmanager:GetSecretValue", "secretsmanager:VersionStage",
     {"StringEquals": {"secretsmanager:VersionStage": "AWSCURRENT"}}, {"StringEquals": {"secretsmanager:VersionStage": "AWSPREVIOUS"}},
     lambda w, c: c("secretsmanager").get_secret_value(SecretId=w.secret, VersionStage="AWSCURRENT")),
    ("secretsmanager-name", "secretsmanager:CreateSecret", "secretsmanager:Name",
     {"StringLike": {"secretsmanager:Name": "restricted-*"}}, {"StringLike": {"secretsmanager:Name": "other-*"}},
     lambda w, c: c("secretsmanager").create_secret(Name="restricted-" + uuid.uuid4().hex[:6], SecretString="v")),
    ("secretsmanager-force-delete", "secretsmanager:DeleteSecret", "secretsmanager:ForceDeleteWithoutRecovery",
     {"Bool": {"secretsmanager:ForceDeleteWithoutRecovery": "true"}}, {"Bool": {"secretsmanager:ForceDeleteWithoutRecovery": "false"}},
     lambda w, c: c("secretsmanager").delete_secret(SecretId=w.server.client("secretsmanager").create_secret(Name="doomed-" + uuid.uuid4().hex[:6], SecretString="v")["ARN"], ForceDeleteWithoutRecovery=True)),
    ("secretsmanager-description", "secretsmanager:CreateSecret", "secretsmanager:Description",
     {"StringEquals": {"secretsmanager:Description": "db password"}}, {"StringEquals": {"secretsmanager:Description": "api key"}},
     lambda w, c: c("secretsmanager").create_secret(Name="described-" + uuid.uuid4().hex[:6], SecretString="v", Description="db password")),
    ("secretsmanager-kms-key-id", "secretsmanager:CreateSecret", "secretsmanager:KmsKeyId",
     {"StringEquals": {"secretsmanager:KmsKeyId": "alias/aws/secretsmanager"}}, {"StringEquals": {"secretsmanager:KmsKeyId": "alias/other"}},
     lambda w, c: c("secretsmanager").create_secret(Name="keyed-" + uuid.uuid4().hex[:6], SecretString="v", KmsKeyId="alias/aws/secretsmanager")),
    ("secretsmanager-recovery-window", "secretsmanager:DeleteSecret", "secretsmanager:RecoveryWindowInDays",
     {"NumericLessThan": {"secretsmanager:RecoveryWindowInDays": "10"}}, {"NumericGreaterThan": {"secretsmanager:RecoveryWindowInDays": "10"}},
     lambda w, c: c("secretsmanager").delete_secret(SecretId=w.server.client("secretsmanager").create_secret(Name="windowed-" + uuid.uuid4().hex[:6], SecretString="v")["ARN"], RecoveryWindowInDays=7)),
    ("secretsmanager-version-id", "secretsmanager:GetSecretValue", "secretsmanager:VersionId",
     {"StringLike": {"secretsmanager:VersionId": "*"}}, {"StringEquals": {"secretsmanager:VersionId": "none"}},
     lambda w, c: c("secretsmanager").get_secret_value(SecretId=w.secret, VersionId=w.server.client("secretsmanager").get_secret_value(SecretId=w.secret)["VersionId"])),
    # S3: how the request was signed, the bucket's account and tags, the object's and the request's tags, headers.
    ("s3-auth-type", "s3:ListBucket", "s3:authType",
     {"StringEquals": {"s3:authType": "REST-HEADER"}}, {"StringEquals": {"s3:authType": "REST-QUERY-STRING"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket)),
    ("s3-signature-version", "s3:ListBucket", "s3:signatureversion",
     {"StringEquals": {"s3:signatureversion": "AWS4-HMAC-SHA256"}}, {"StringEquals": {"s3:signatureversion": "AWS"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket)),
    ("s3-signature-age", "s3:ListBucket", "s3:signatureAge",
     {"NumericLessThan": {"s3:signatureAge": "600000"}}, {"NumericGreaterThan": {"s3:signatureAge": "600000"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket)),
    ("s3-resource-account", "s3:ListBucket", "s3:ResourceAccount",
     lambda w: {"StringEquals": {"s3:ResourceAccount": w.account}}, {"StringEquals": {"s3:ResourceAccount": "999999999999"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket)),
    ("s3-bucket-tag", "s3:ListBucket", "s3:BucketTag/env",
     {"StringEquals": {"s3:BucketTag/env": "prod"}}, {"StringEquals": {"s3:BucketTag/env": "dev"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket)),
    ("s3-existing-object-tag", "s3:GetObject", "s3:ExistingObjectTag/team",
     {"StringEquals": {"s3:ExistingObjectTag/team": "red"}}, {"StringEquals": {"s3:ExistingObjectTag/team": "blue"}},
     lambda w, c: c("s3").get_object(Bucket=w.bucket, Key="tagged.txt")),
    ("s3-request-object-tag", "s3:PutObject", "s3:RequestObjectTag/team",
     {"StringEquals": {"s3:RequestObjectTag/team": "red"}}, {"StringEquals": {"s3:RequestObjectTag/team": "blue"}},
     lambda w, c: c("s3").put_object(Bucket=w.bucket, Key="new.txt", Body=b"y", Tagging="team=red")),
    ("s3-request-object-tag-keys", "s3:PutObjectTagging", "s3:RequestObjectTagKeys",
     {"ForAnyValue:StringEquals": {"s3:RequestObjectTagKeys": "team"}}, {"ForAnyValue:StringEquals": {"s3:RequestObjectTagKeys": "owner"}},
     lambda w, c: c("s3").put_object_tagging(Bucket=w.bucket, Key="tagged.txt", Tagging={"TagSet": [{"Key": "team", "Value": "red"}]})),
    ("s3-version-id", "s3:GetObjectVersion", "s3:versionid",
     lambda w: {"StringEquals": {"s3:versionid": w.version}}, {"StringEquals": {"s3:versionid": "0" * 32}},
     lambda w, c: c("s3").get_object(Bucket=w.bucket, Key="tagged.txt", VersionId=w.version)),
    ("s3-acl-header", "s3:PutObject", "s3:x-amz-acl",
     {"StringEquals": {"s3:x-amz-acl": "private"}}, {"StringEquals": {"s3:x-amz-acl": "public-read"}},
     lambda w, c: c("s3").put_object(Bucket=w.bucket, Key="acl.txt", Body=b"y", ACL="private")),
    ("s3-copy-source", "s3:PutObject", "s3:x-amz-copy-source",
     lambda w: {"StringLike": {"s3:x-amz-copy-source": f"{w.bucket}/*"}}, {"StringLike": {"s3:x-amz-copy-source": "elsewhere/*"}},
     lambda w, c: c("s3").copy_object(Bucket=w.bucket, Key="copy.txt", CopySource={"Bucket": w.bucket, "Key": "tagged.txt"})),
    ("s3-location-constraint", "s3:CreateBucket", "s3:locationconstraint",
     {"StringEquals": {"s3:locationconstraint": "eu-west-1"}}, {"StringEquals": {"s3:locationconstraint": "eu-central-1"}},
     lambda w, c: c("s3", region="eu-west-1").create_bucket(Bucket="loc-" + uuid.uuid4().hex[:8], CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})),
    ("s3-prefix", "s3:ListBucket", "s3:prefix",
     {"StringEquals": {"s3:prefix": "reports/"}}, {"StringEquals": {"s3:prefix": "home/"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket, Prefix="reports/")),
    ("s3-delimiter", "s3:ListBucket", "s3:delimiter",
     {"StringEquals": {"s3:delimiter": "/"}}, {"StringEquals": {"s3:delimiter": "|"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket, Delimiter="/")),
    ("s3-max-keys", "s3:ListBucket", "s3:max-keys",
     {"NumericGreaterThan": {"s3:max-keys": "100"}}, {"NumericLessThan": {"s3:max-keys": "100"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket, MaxKeys=500)),
    ("s3-content-sha256", "s3:ListBucket", "s3:x-amz-content-sha256",
     {"StringEquals": {"s3:x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}},
     {"StringEquals": {"s3:x-amz-content-sha256": "UNSIGNED-PAYLOAD"}},
     lambda w, c: c("s3").list_objects_v2(Bucket=w.bucket)),
    ("s3-if-match", "s3:GetObject", "s3:if-match",
     {"StringLike": {"s3:if-match": "*"}}, {"StringEquals": {"s3:if-match": "nothing"}},
     lambda w, c: c("s3").get_object(Bucket=w.bucket, Key="tagged.txt", IfMatch=w.server.client("s3").head_object(Bucket=w.bucket, Key="tagged.txt")["ETag"])),
    ("s3-server-side-encryption", "s3:PutObject", "s3:x-amz-server-side-encryption",
     {"StringEquals": {"s3:x-amz-server-side-encryption": "AES256"}}, {"StringEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
     lambda w, c: c("s3").put_object(Bucket=w.bucket, Key="sse.txt", Body=b"y", ServerSideEncryption="AES256")),
    ("s3-metadata-directive", "s3:PutObject", "s3:x-amz-metadata-directive",
     {"StringEquals": {"s3:x-amz-metadata-directive": "REPLACE"}}, {"StringEquals": {"s3:x-amz-metadata-directive": "COPY"}},
     lambda w, c: c("s3").copy_object(Bucket=w.bucket, Key="meta.txt", CopySource={"Bucket": w.bucket, "Key": "tagged.txt"}, MetadataDirective="REPLACE", Metadata={"a": "b"})),
    ("s3-storage-class", "s3:PutObject", "s3:x-amz-storage-class",
     {"StringEquals": {"s3:x-amz-storage-class": "STANDARD"}}, {"StringEquals": {"s3:x-amz-storage-class": "GLACIER"}},
     lambda w, c: c("s3").put_object(Bucket=w.bucket, Key="class.txt", Body=b"y", StorageClass="STANDARD")),
    ("iam-passed-to-service", "iam:PassRole", "iam:PassedToService",
     {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}, {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
     lambda w, c: c("lambda").create_function(FunctionName="passed-" + uuid.uuid4().hex[:6], Runtime="python3.11", Role=w.role, Handler="app.handler",
                                              Code={"ZipFile": package({"app.py": "def handler(e, c): return 1\n"})})),
    ("iam-associated-resource", "iam:PassRole", "iam:AssociatedResourceArn",
     lambda w: {"ArnLike": {"iam:AssociatedResourceArn": f"arn:aws:lambda:us-east-1:{w.account}:function:associated-*"}},
     {"ArnLike": {"iam:AssociatedResourceArn": "arn:aws:lambda:*:*:function:other-*"}},
     lambda w, c: c("lambda").create_function(FunctionName="associated-" + uuid.uuid4().hex[:6], Runtime="python3.11", Role=w.role, Handler="app.handler",
                                              Code={"ZipFile": package({"app.py": "def handler(e, c): return 1\n"})})),
    ("sts-role-session-name", "sts:AssumeRole", "sts:RoleSessionName",
     {"StringEquals": {"sts:RoleSessionName": "keys"}}, {"StringEquals": {"sts:RoleSessionName": "other"}},
     lambda w, c: c("sts").assume_role(RoleArn=w.role, RoleSessionName="keys")),
    # IAM and STS.
    ("iam-policy-arn", "iam:AttachUserPolicy", "iam:PolicyARN",
     lambda w: {"StringEquals": {"iam:PolicyARN": w.boundary}}, {"StringEquals": {"iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
     lambda w, c: c("iam").attach_user_policy(UserName=w.tagged_user, PolicyArn=w.boundary)),
    ("iam-permissions-boundary", "iam:CreateUser", "iam:PermissionsBoundary",
     lambda w: {"StringEquals": {"iam:PermissionsBoundary": w.boundary}}, {"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
     lambda w, c: c("iam").create_user(UserName="bounded-" + uuid.uuid4().hex[:6], PermissionsBoundary=w.boundary)),
    ("iam-resource-tag", "iam:GetUser", "iam:ResourceTag/team",
     {"StringEquals": {"iam:ResourceTag/team": "red"}}, {"StringEquals": {"iam:ResourceTag/team": "blue"}},
     lambda w, c: c("iam").get_user(UserName=w.tagged_user)),
    ("sts-role-tag", "sts:AssumeRole", "aws:ResourceTag/team",
     {"StringEquals": {"aws:ResourceTag/team": "red"}}, {"StringEquals": {"aws:ResourceTag/team": "blue"}},
     lambda w, c: c("sts").assume_role(RoleArn=w.role, RoleSessionName="keys")),
    ("sts-external-id", "sts:AssumeRole", "sts:ExternalId",
     {"StringEquals": {"sts:ExternalId": "ticket-7"}}, {"StringEquals": {"sts:ExternalId": "ticket-8"}},
     lambda w, c: c("sts").assume_role(RoleArn=w.role, RoleSessionName="keys", ExternalId="ticket-7")),
    # CloudFormation.
    ("cloudformation-role-arn", "cloudformation:CreateStack", "cloudformation:RoleArn",
     lambda w: {"StringEquals": {"cloudformation:RoleArn": w.role}}, {"StringEquals": {"cloudformation:RoleArn": "arn:aws:iam::999999999999:role/x"}},
     lambda w, c: c("cloudformation").create_stack(StackName="roled-" + uuid.uuid4().hex[:6], TemplateURL=w.template_url, RoleARN=w.role)),
    ("cloudformation-template-url", "cloudformation:ValidateTemplate", "cloudformation:TemplateUrl",
     lambda w: {"StringEquals": {"cloudformation:TemplateUrl": w.template_url}}, {"StringLike": {"cloudformation:TemplateUrl": "https://elsewhere/*"}},
     lambda w, c: c("cloudformation").validate_template(TemplateURL=w.template_url)),
    ("cloudformation-request-tag", "cloudformation:CreateStack", "aws:RequestTag/team",
     {"StringEquals": {"aws:RequestTag/team": "red"}}, {"StringEquals": {"aws:RequestTag/team": "blue"}},
     lambda w, c: c("cloudformation").create_stack(StackName="tagged-" + uuid.uuid4().hex[:6], TemplateURL=w.template_url, Tags=[{"Key": "team", "Value": "red"}])),
    ("cloudformation-resource-tag", "cloudformation:DescribeStacks", "aws:ResourceTag/team",
     {"StringEquals": {"aws:ResourceTag/team": "red"}}, {"StringEquals": {"aws:ResourceTag/team": "blue"}},
     lambda w, c: c("cloudformation").describe_stacks(StackName=w.stack)),
    ("cloudformation-change-set-name", "cloudformation:CreateChangeSet", "cloudformation:ChangeSetName",
     {"StringLike": {"cloudformation:ChangeSetName": "preview-*"}}, {"StringLike": {"cloudformation:ChangeSetName": "other-*"}},
     lambda w, c: c("cloudformation").create_change_set(StackName=w.stack, ChangeSetName="preview-" + uuid.uuid4().hex[:6], UsePreviousTemplate=True)),
    # Lambda.
    ("lambda-request-tag", "lambda:CreateFunction", "aws:RequestTag/team",
     {"StringEquals": {"aws:RequestTag/team": "red"}}, {"StringEquals": {"aws:RequestTag/team": "blue"}},
     lambda w, c: c("lambda").create_function(FunctionName="tagged-" + uuid.uuid4().hex[:6], Runtime="python3.11", Role=w.role, Handler="app.handler",
                                              Code={"ZipFile": package({"app.py": "def handler(e, c): return 1\n"})}, Tags={"team": "red"})),
    ("lambda-resource-tag", "lambda:GetFunction", "aws:ResourceTag/team",
     {"StringEquals": {"aws:ResourceTag/team": "red"}}, {"StringEquals": {"aws:ResourceTag/team": "blue"}},
     lambda w, c: c("lambda").get_function(FunctionName=w.function)),
    ("lambda-principal", "lambda:AddPermission", "lambda:Principal",
     {"StringEquals": {"lambda:Principal": "events.amazonaws.com"}}, {"StringEquals": {"lambda:Principal": "s3.amazonaws.com"}},
     lambda w, c: c("lambda").add_permission(FunctionName=w.function, StatementId="s" + uuid.uuid4().hex[:6], Action="lambda:InvokeFunction", Principal="events.amazonaws.com")),
    # EventBridge.
    ("events-resource-tag", "events:DescribeRule", "aws:ResourceTag/team",
     {"StringEquals": {"aws:ResourceTag/team": "red"}}, {"StringEquals": {"aws:ResourceTag/team": "blue"}},
     lambda w, c: c("events").describe_rule(Name=w.rule)),
    ("events-creator-account", "events:DescribeRule", "events:creatorAccount",
     lambda w: {"StringEquals": {"events:creatorAccount": w.account}}, {"StringEquals": {"events:creatorAccount": "999999999999"}},
     lambda w, c: c("events").describe_rule(Name=w.rule)),
    ("events-source", "events:PutEvents", "events:source",
     {"StringEquals": {"events:source": "app.orders"}}, {"StringEquals": {"events:source": "app.billing"}},
     lambda w, c: c("events").put_events(Entries=[{"Source": "app.orders", "DetailType": "created", "Detail": "{}"}])),
    ("events-detail-type", "events:PutEvents", "events:detail-type",
     {"StringEquals": {"events:detail-type": "created"}}, {"StringEquals": {"events:detail-type": "deleted"}},
     lambda w, c: c("events").put_events(Entries=[{"Source": "app.orders", "DetailType": "created", "Detail": "{}"}])),
    ("events-target-arn", "events:PutTargets", "events:TargetArn",
     lambda w: {"StringLike": {"events:TargetArn": f"arn:aws:lambda:*:{w.account}:function:keys-*"}}, {"StringLike": {"events:TargetArn": "arn:aws:sqs:*"}},
     lambda w, c: c("events").put_targets(Rule=w.rule, Targets=[{"Id": "fn", "Arn": f"arn:aws:lambda:us-east-1:{w.account}:function:{w.function}"}])),
    ("events-request-tag", "events:PutRule", "aws:RequestTag/team",
     {"StringEquals": {"aws:RequestTag/team": "red"}}, {"StringEquals": {"aws:RequestTag/team": "blue"}},
     lambda w, c: c("events").put_rule(Name="tagged-" + uuid.uuid4().hex[:6], EventPattern='{"source": ["x"]}', Tags=[{"Key": "team", "Value": "red"}])),
    # SageMaker.
    ("sagemaker-resource-tag", "sagemaker:DescribeModelPackageGroup", "sagemaker:ResourceTag/team",
     {"StringEquals": {"sagemaker:ResourceTag/team": "red"}}, {"StringEquals": {"sagemaker:ResourceTag/team": "blue"}},
     lambda w, c: c("sagemaker").describe_model_package_group(ModelPackageGroupName=w.group)),
    ("sagemaker-approval-status", "sagemaker:CreateModelPackage", "sagemaker:ModelApprovalStatus",
     {"StringEquals": {"sagemaker:ModelApprovalStatus": "Approved"}}, {"StringEquals": {"sagemaker:ModelApprovalStatus": "Rejected"}},
     lambda w, c: c("sagemaker").create_model_package(ModelPackageGroupName=w.group, ModelApprovalStatus="Approved", InferenceSpecification=INFERENCE)),
    ("sagemaker-metadata-to-remove", "sagemaker:UpdateModelPackage", "sagemaker:CustomerMetadataPropertiesToRemove",
     {"ForAnyValue:StringEquals": {"sagemaker:CustomerMetadataPropertiesToRemove": "stage"}}, {"ForAnyValue:StringEquals": {"sagemaker:CustomerMetadataPropertiesToRemove": "owner"}},
     lambda w, c: c("sagemaker").update_model_package(
         ModelPackageArn=w.server.client("sagemaker").create_model_package(ModelPackageGroupName=w.group, InferenceSpecification=INFERENCE, CustomerMetadataProperties={"stage": "x"})["ModelPackageArn"],
         CustomerMetadataPropertiesToRemove=["stage"])),
    ("sagemaker-customer-metadata", "sagemaker:CreateModelPackage", "sagemaker:CustomerMetadataProperties/stage",
     {"StringEquals": {"sagemaker:CustomerMetadataProperties/stage": "gold"}}, {"StringEquals": {"sagemaker:CustomerMetadataProperties/stage": "bronze"}},
     lambda w, c: c("sagemaker").create_model_package(ModelPackageGroupName=w.group, CustomerMetadataProperties={"stage": "gold"}, InferenceSpecification=INFERENCE)),
]


@pytest.fixture(scope="module")
def world(server):
    return World(server)


def run_row(server, world, row, condition):
    row_id, action, _key, _match, _other, call = row
    condition = condition(world) if callable(condition) else condition
    key, secret = make_user(server, f"ck-{row_id}-{uuid.uuid4().hex[:6]}", policy(allow("*"), deny(action, condition)))

    def client(service, temporary=False, region="us-east-1"):
        if temporary:
            return server.client(service, *session(server, key, secret), region=region)
        return server.client(service, key, secret, region=region)

    return outcome(lambda: call(world, client))


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_a_deny_on_the_key_holds(server, world, row):
    assert run_row(server, world, row, row[3]) == "denied", f"{row[2]} is not in the request context of {row[1]}"


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_the_key_carries_the_requests_own_value(server, world, row):
    assert run_row(server, world, row, row[4]) == "allowed", f"{row[2]} of {row[1]} matched a value it does not have"


def test_a_stack_acting_with_its_creators_credentials_is_called_via_cloudformation(server, unique):
    guarded = policy(allow("*"), deny("s3:CreateBucket", {"ForAnyValue:StringEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}}))
    key, secret = make_user(server, f"cfn-caller-{unique}", guarded)
    cfn = server.client("cloudformation", key, secret)
    template = "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n"
    cfn.create_stack(StackName=f"via-{unique}", TemplateBody=template)
    with pytest.raises(botocore.exceptions.WaiterError):
        cfn.get_waiter("stack_create_complete").wait(StackName=f"via-{unique}", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    events = cfn.describe_stack_events(StackName=f"via-{unique}")["StackEvents"]
    assert any(e.get("ResourceStatus") == "CREATE_FAILED" and "s3:CreateBucket" in (e.get("ResourceStatusReason") or "") for e in events)
    # The same user may still create a bucket directly.
    server.client("s3", key, secret).create_bucket(Bucket=f"direct-{unique}")


def test_session_tags_need_tag_session_in_the_trust_and_the_callers_policy(server, unique):
    iam = server.client("iam")
    user = f"tagger-{unique}"
    key, secret = make_user(server, user, policy(allow("sts:AssumeRole")))
    me = f"arn:aws:iam::{server.account_id}:user/{user}"
    iam.create_role(RoleName=f"plain-{unique}", Tags=[{"Key": "team", "Value": "blue"}], AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": me}, "Action": "sts:AssumeRole"}]}))
    sts = server.client("sts", key, secret)
    plain = f"arn:aws:iam::{server.account_id}:role/plain-{unique}"
    # Without sts:TagSession the tags cannot replace the role's own.
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        sts.assume_role(RoleArn=plain, RoleSessionName="tagged", Tags=[{"Key": "team", "Value": "admin"}])
    assert refused.value.response["Error"]["Code"] == "AccessDenied" and "sts:TagSession" in refused.value.response["Error"]["Message"]
    sts.assume_role(RoleArn=plain, RoleSessionName="untagged")
    iam.create_role(RoleName=f"taggable-{unique}", AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": me}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}))
    taggable = f"arn:aws:iam::{server.account_id}:role/taggable-{unique}"
    granted = sts.assume_role(RoleArn=taggable, RoleSessionName="tagged", Tags=[{"Key": "team", "Value": "admin"}])
    assert granted["Credentials"]["AccessKeyId"].startswith("ASIA")
    with pytest.raises(botocore.exceptions.ClientError):
        sts.assume_role(RoleArn=taggable, RoleSessionName="tagged", Tags=[{"Key": "team", "Value": "admin"}], TransitiveTagKeys=["owner"])


# The Service Authorization Reference's keys for every action Slipway authorizes (service_condition_keys.json,
# derived from the reference) must each be proven by a row above, be set the same way as a proven one, or be named
# here with the reason no row proves it (mostly: the feature the key describes is not served). A key a new operation brings fails this test until it is accounted for.
SAME_AS_A_PROVEN_KEY = {
    # Every S3 request header S3 lists is read like s3:x-amz-acl (row s3-acl-header).
    "s3:x-amz-grant-full-control", "s3:x-amz-grant-read", "s3:x-amz-grant-read-acp", "s3:x-amz-grant-write", "s3:x-amz-grant-write-acp",
    "s3:x-amz-object-ownership", "s3:x-amz-website-redirect-location", "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "s3:x-amz-server-side-encryption-customer-algorithm", "s3:if-none-match",
}
UNPROVEN = {
    "accounts.google.com:aud": "web identity and SAML federation (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) are not served",
    "accounts.google.com:sub": "web identity federation is not served",
    "cognito-identity.amazonaws.com:amr": "web identity federation is not served",
    "cognito-identity.amazonaws.com:aud": "web identity federation is not served",
    "cognito-identity.amazonaws.com:sub": "web identity federation is not served",
    "graph.facebook.com:app_id": "web identity federation is not served",
    "graph.facebook.com:id": "web identity federation is not served",
    "www.amazon.com:app_id": "web identity federation is not served",
    "www.amazon.com:user_id": "web identity federation is not served",
    "saml:namequalifier": "SAML federation is not served",
    "saml:sub": "SAML federation is not served",
    "saml:sub_type": "SAML federation is not served",
    "sts:SourceIdentity": "set from AssumeRole's SourceIdentity, but sts:SetSourceIdentity is not served, so no row can pass one",
    "sts:TransitiveTagKeys": "set from AssumeRole's TransitiveTagKeys (test_session_tags_need_tag_session...), not yet carried across role chains",
    "cloudformation:ImportResourceTypes": "resource import is not served",
    "cloudformation:ResourceTypes": "the ResourceTypes parameter is not served",
    "cloudformation:StackPolicyUrl": "stack policies are not served",
    "events:ManagedBy": "managed rules (made by another service for the caller) are not served",
    "events:detail.eventTypeCode": "PutRule's pattern-derived keys are not set yet",
    "events:detail.service": "PutRule's pattern-derived keys are not set yet",
    "events:detail.userIdentity.principalId": "PutRule's pattern-derived keys are not set yet",
    "events:eventBusInvocation": "bus-to-bus deliveries are made in-process, not through PutEvents",
    "iam:RoleTemplateARN": "role templates are not served",
    "lambda:CodeSigningConfigArn": "code signing is not served",
    "lambda:EventSourceToken": "Alexa event source tokens are not served",
    "lambda:FunctionUrlAuthType": "function URLs are not served",
    "lambda:InvokedViaFunctionUrl": "function URLs are not served",
    "lambda:Layer": "layers are not served",
    "lambda:SecurityGroupIds": "VPC configuration is not served",
    "lambda:SubnetIds": "VPC configuration is not served",
    "lambda:VpcIds": "VPC configuration is not served",
    "s3:AccessGrantsInstanceArn": "S3 Access Grants are not served",
    "s3:AccessPointNetworkOrigin": "access points are not served",
    "s3:AccessPointTag/*": "access points are not served",
    "s3:DataAccessPointAccount": "access points are not served",
    "s3:DataAccessPointArn": "access points are not served",
    "s3:ObjectCreationOperation": "not set yet",
    "s3:TlsVersion": "Slipway serves plain HTTP on loopback: there is no TLS version to report",
    "s3:isReplicationPauseRequest": "replication pauses are not served",
    "s3:object-lock-legal-hold": "object lock is not served",
    "s3:object-lock-mode": "object lock is not served",
    "s3:object-lock-remaining-retention-days": "object lock is not served",
    "s3:object-lock-retain-until-date": "object lock is not served",
    "s3:x-amz-bucket-namespace": "bucket namespaces are not served",
    "s3:x-amz-object-annotation-directive": "object annotations are not served",
    "sagemaker:AppNetworkAccessType": "domain and user-profile app, image, VPC and KMS settings are not offered as keys yet",
    "sagemaker:DomainSharingOutputKmsKeyArn": "domain KMS settings are not offered as keys yet",
    "sagemaker:ImageArns": "Studio images are not served",
    "sagemaker:ImageVersionArns": "Studio images are not served",
    "sagemaker:InstanceTypes": "Studio app instance types are not offered as keys yet",
    "sagemaker:StudioLifecycleConfigArns": "Studio lifecycle configurations are not served",
    "sagemaker:VolumeKmsKeyArn": "domain KMS settings are not offered as keys yet",
    "sagemaker:VpcSecurityGroupIds": "VPC settings are not served",
    "sagemaker:VpcSubnets": "VPC settings are not served",
    "sagemaker:CurrentCustomerMetadataProperties/*": "the stored package's metadata is not offered as a key yet",
    "sagemaker:CurrentModelLifeCycleStage": "model lifecycle stages are not served",
    "sagemaker:CurrentModelLifeCycleStageStatus": "model lifecycle stages are not served",
    "sagemaker:ModelLifeCycle:Stage": "model lifecycle stages are not served",
    "sagemaker:ModelLifeCycle:StageStatus": "model lifecycle stages are not served",
    "sagemaker:TaggingAction": "not set yet",
    "secretsmanager:AddReplicaRegions": "secret replication is not served",
    "secretsmanager:ForceOverwriteReplicaSecret": "secret replication is not served",
    "secretsmanager:SecretPrimaryRegion": "secret replication is not served",
    "secretsmanager:KmsKeyArn": "KMS is not served (KmsKeyId is set as given)",
    "secretsmanager:BlockPublicPolicy": "PutResourcePolicy's BlockPublicPolicy parameter is not served",
    "secretsmanager:Type": "managed external secrets are not served",
    "secretsmanager:resource/AllowRotationLambdaArn": "rotation is not served",
    "secretsmanager:resource/Type": "managed external secrets are not served",
}


def normalized(key):
    """`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`, `aws:RequestTag/team` → `…/*`."""
    if key.startswith("secretsmanager:resource/"):
        return key
    return key.split("/")[0] + "/*" if "/" in key else key


def test_every_key_the_reference_lists_is_accounted_for():
    import os
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "service_condition_keys.json")) as handle:
        reference = json.load(handle)
    proven = {normalized(row[2]) for row in ROWS}
    unaccounted = {}
    for service, actions in reference.items():
        if service.startswith("_"):
            continue
        for action, keys in actions.items():
            for key in keys:
                key = normalized(key)
                if key not in proven and key not in SAME_AS_A_PROVEN_KEY and key not in UNPROVEN:
                    unaccounted.setdefault(key, []).append(f"{service}:{action}")
    assert not unaccounted, unaccounted
    # Nothing is listed as unset that a row proves set.
    assert not proven & set(UNPROVEN), proven & set(UNPROVEN)


def test_simulations_report_the_context_keys_they_were_not_given(server):
    iam = server.client("iam")
    document = policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-${aws:PrincipalTag/team}/*",
                       "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}, "StringEquals": {"s3:ExistingObjectTag/stage": "gold"}}},
                      {"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}})
    result = iam.simulate_custom_policy(PolicyInputList=[document], ActionNames=["s3:GetObject"],
                                        ResourceArns=["arn:aws:s3:::team-red/report.csv"])["EvaluationResults"][0]
    assert result["EvalDecision"] == "implicitDeny"
    assert sorted(result["MissingContextValues"]) == ["aws:PrincipalTag/team", "aws:SourceIp", "s3:ExistingObjectTag/stage"]
    given = iam.simulate_custom_policy(PolicyInputList=[document], ActionNames=["s3:GetObject"], ResourceArns=["arn:aws:s3:::team-red/report.csv"],
                                       ContextEntries=[
                                           {"ContextKeyName": "aws:SourceIp", "ContextKeyType": "ip", "ContextKeyValues": ["192.0.2.7"]},
                                           {"ContextKeyName": "aws:PrincipalTag/team", "ContextKeyType": "string", "ContextKeyValues": ["red"]},
                                           {"ContextKeyName": "s3:ExistingObjectTag/stage", "ContextKeyType": "string", "ContextKeyValues": ["gold"]},
                                       ])["EvaluationResults"][0]
    assert (given["EvalDecision"], given["MissingContextValues"]) == ("allowed", [])
