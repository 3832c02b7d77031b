"""The Resource Groups Tagging API finds all of a project's resources by tag, across services; a cascade delete
removes what carries the project's id but was made outside its stack, after listing it."""

import time

from helpers import expect_error
from test_sagemaker_projects import exists, organization, wait_for_project  # noqa: F401  (fixture)


def test_get_resources_and_a_cascading_delete(server, unique, organization):  # noqa: F811
    org = organization
    sm, s3, cfn = server.client("sagemaker"), server.client("s3"), server.client("cloudformation")
    tagging = server.client("resourcegroupstaggingapi")
    name = f"casc-{unique}"
    project_id = sm.create_project(ProjectName=name, TemplateProviders=[{"CfnTemplateProvider": {
        "TemplateName": "churn", "TemplateURL": org["url"], "RoleARN": org["launch"]}}])["ProjectId"]
    project = wait_for_project(sm, name, {"CreateCompleted", "CreateFailed"})
    assert project["ProjectStatus"] == "CreateCompleted", project
    stack_id = project["TemplateProviderDetails"][0]["CfnTemplateProviderDetail"]["StackDetail"]["Id"]

    # Made later, outside the project's stack, but tagged with its id: a data bucket and a deployment stack.
    outside = f"casc-data-{unique}"
    s3.create_bucket(Bucket=outside)
    s3.put_bucket_versioning(Bucket=outside, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_tagging(Bucket=outside, Tagging={"TagSet": [{"Key": "sagemaker:project-id", "Value": project_id}]})
    for version in range(3):
        s3.put_object(Bucket=outside, Key="data.csv", Body=f"{version}".encode())
    s3.delete_object(Bucket=outside, Key="data.csv")
    group = sm.create_model_package_group(ModelPackageGroupName=f"{name}-models", ModelPackageGroupDescription="churn models",
                                          Tags=[{"Key": "sagemaker:project-id", "Value": project_id}, {"Key": "sagemaker:project-name", "Value": name}])
    sm.create_model_package(ModelPackageGroupName=f"{name}-models", InferenceSpecification={
        "Containers": [{"Image": "churn:1"}], "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]})
    deploy = cfn.create_stack(StackName=f"casc-deploy-{unique}", TemplateBody="Resources:\n  Handle: {Type: AWS::CloudFormation::WaitConditionHandle}\n",
                              Tags=[{"Key": "sagemaker:project-id", "Value": project_id}])["StackId"]
    cfn.get_waiter("stack_create_complete").wait(StackName=deploy, WaiterConfig={"Delay": 1, "MaxAttempts": 30})

    found = tagging.get_resources(TagFilters=[{"Key": "sagemaker:project-id", "Values": [project_id]}])["ResourceTagMappingList"]
    arns = {r["ResourceARN"] for r in found}
    artifacts = f"arn:aws:s3:::sagemaker-{name}-{project_id}-artifacts"
    assert {artifacts, f"arn:aws:s3:::{outside}", stack_id, deploy, f"arn:aws:sagemaker:us-east-1:{server.account_id}:project/{name}",
            group["ModelPackageGroupArn"]} <= arns
    assert any(arn.startswith(f"arn:aws:iam::{server.account_id}:role/SageMaker-{name}") for arn in arns)
    tags = {r["ResourceARN"]: {t["Key"]: t["Value"] for t in r["Tags"]} for r in found}
    assert tags[artifacts]["sagemaker:project-name"] == name
    buckets = tagging.get_resources(TagFilters=[{"Key": "sagemaker:project-id", "Values": [project_id]}], ResourceTypeFilters=["s3"])
    assert {r["ResourceARN"] for r in buckets["ResourceTagMappingList"]} == {artifacts, f"arn:aws:s3:::{outside}"}
    page = tagging.get_resources(TagFilters=[{"Key": "sagemaker:project-id"}], ResourcesPerPage=1)
    assert len(page["ResourceTagMappingList"]) == 1 and page["PaginationToken"]
    expect_error("InvalidParameterException", tagging.get_resources, ResourcesPerPage=500)

    listed = server.slipway("project", "delete", name, "--cascade", "--yes", "--endpoint-url", server.endpoint)
    assert listed.returncode == 0, listed.stderr
    assert f"- s3:bucket arn:aws:s3:::{outside}" in listed.stdout and f"- cloudformation:stack {deploy}" in listed.stdout
    assert f"- sagemaker:model-package-group {group['ModelPackageGroupArn']}" in listed.stdout
    expect_error("ValidationException", sm.describe_model_package_group, ModelPackageGroupName=f"{name}-models")
    assert artifacts not in listed.stdout  # the stack's own bucket goes with the stack
    assert not exists(s3, outside)
    wait_for_project(sm, name, {"DeleteCompleted"})
    assert not exists(s3, f"sagemaker-{name}-{project_id}-artifacts")
    deadline = time.time() + 20
    while cfn.describe_stacks(StackName=deploy)["Stacks"][0]["StackStatus"] != "DELETE_COMPLETE" and time.time() < deadline:
        time.sleep(0.2)
    assert cfn.describe_stacks(StackName=deploy)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    assert tagging.get_resources(TagFilters=[{"Key": "sagemaker:project-id", "Values": [project_id]}])["ResourceTagMappingList"] == []


def test_model_package_groups(server, unique):
    sm = server.client("sagemaker")
    arn = sm.create_model_package_group(ModelPackageGroupName=f"Churn-{unique}", ModelPackageGroupDescription="models")["ModelPackageGroupArn"]
    assert arn == f"arn:aws:sagemaker:us-east-1:{server.account_id}:model-package-group/churn-{unique}"
    expect_error("ValidationException", sm.create_model_package_group, ModelPackageGroupName=f"churn-{unique}")
    expect_error("ValidationException", sm.create_model_package_group, ModelPackageGroupName="bad_name")
    described = sm.describe_model_package_group(ModelPackageGroupName=arn)
    assert (described["ModelPackageGroupName"], described["ModelPackageGroupStatus"], described["ModelPackageGroupDescription"]) == (
        f"Churn-{unique}", "Completed", "models")
    assert described["CreatedBy"]["IamIdentity"]["Arn"] == f"arn:aws:iam::{server.account_id}:root"
    sm.create_model_package_group(ModelPackageGroupName=f"Alpha-{unique}")
    listed = sm.list_model_package_groups(NameContains=unique, SortBy="Name", SortOrder="Ascending")["ModelPackageGroupSummaryList"]
    assert [g["ModelPackageGroupName"] for g in listed] == [f"Alpha-{unique}", f"Churn-{unique}"]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "team", "Value": "ml"}])
    assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]
    sm.delete_model_package_group(ModelPackageGroupName=f"churn-{unique}")
    expect_error("ValidationException", sm.describe_model_package_group, ModelPackageGroupName=f"Churn-{unique}")
