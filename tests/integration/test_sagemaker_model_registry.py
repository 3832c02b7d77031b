"""The model registry through boto3: versioned model packages in a group, the filters and sort real deployment
scripts use, approval with its description and who approved, illegal transitions refused, deletes."""

from helpers import expect_error

SPEC = {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1", "ModelDataUrl": "s3://models/churn/model.tar.gz"}],
        "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}


def test_versions_approvals_and_listing(server, unique):
    sm = server.client("sagemaker")
    group = f"churn-{unique}"
    sm.create_model_package_group(ModelPackageGroupName=group)
    arns = [sm.create_model_package(ModelPackageGroupName=group, ModelPackageDescription=f"v{i}", InferenceSpecification=SPEC,
                                    ModelMetrics={"ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": f"s3://m/{i}.json"}}},
                                    CustomerMetadataProperties={"auc": f"0.9{i}"})["ModelPackageArn"] for i in range(1, 4)]
    assert arns == [f"arn:aws:sagemaker:us-east-1:{server.account_id}:model-package/{group}/{i}" for i in range(1, 4)]
    described = sm.describe_model_package(ModelPackageName=arns[0])
    assert (described["ModelPackageGroupName"], described["ModelPackageVersion"], described["ModelApprovalStatus"], described["ModelPackageStatus"]) == (
        group, 1, "PendingManualApproval", "Completed")
    assert described["InferenceSpecification"]["Containers"][0]["Image"] == SPEC["Containers"][0]["Image"]
    assert described["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"] == "s3://m/1.json"
    assert described["CustomerMetadataProperties"] == {"auc": "0.91"}
    assert described["CreatedBy"]["IamIdentity"]["Arn"] == f"arn:aws:iam::{server.account_id}:root"

    sm.update_model_package(ModelPackageArn=arns[1], ModelApprovalStatus="Approved", ApprovalDescription="beats v1 on AUC",
                            CustomerMetadataProperties={"reviewer": "alice"}, CustomerMetadataPropertiesToRemove=["auc"])
    approved = sm.describe_model_package(ModelPackageName=arns[1])
    assert (approved["ModelApprovalStatus"], approved["ApprovalDescription"]) == ("Approved", "beats v1 on AUC")
    assert approved["CustomerMetadataProperties"] == {"reviewer": "alice"} and "LastModifiedTime" in approved
    assert approved["LastModifiedBy"]["IamIdentity"]["Arn"] == f"arn:aws:iam::{server.account_id}:root"
    err = expect_error("ValidationException", sm.update_model_package, ModelPackageArn=arns[1], ModelApprovalStatus="PendingManualApproval")
    assert "from Approved to PendingManualApproval" in err[1]
    expect_error("ValidationException", sm.update_model_package, ModelPackageArn=arns[1], ModelApprovalStatus="Maybe")
    sm.update_model_package(ModelPackageArn=arns[2], ModelApprovalStatus="Rejected")

    # What a deployment script asks: the latest approved version of the group.
    latest = sm.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="Approved", SortBy="CreationTime", SortOrder="Descending", MaxResults=1)
    assert [p["ModelPackageArn"] for p in latest["ModelPackageSummaryList"]] == [arns[1]]
    everything = sm.list_model_packages(ModelPackageGroupName=group, SortBy="CreationTime", SortOrder="Ascending")["ModelPackageSummaryList"]
    assert [(p["ModelPackageVersion"], p["ModelApprovalStatus"]) for p in everything] == [(1, "PendingManualApproval"), (2, "Approved"), (3, "Rejected")]
    first = sm.list_model_packages(ModelPackageGroupName=group, SortBy="CreationTime", SortOrder="Ascending", MaxResults=2)
    rest = sm.list_model_packages(ModelPackageGroupName=group, SortBy="CreationTime", SortOrder="Ascending", MaxResults=2, NextToken=first["NextToken"])
    assert [p["ModelPackageVersion"] for p in first["ModelPackageSummaryList"] + rest["ModelPackageSummaryList"]] == [1, 2, 3]

    expect_error("ValidationException", sm.create_model_package, ModelPackageGroupName=f"none-{unique}", InferenceSpecification=SPEC)
    expect_error("ValidationException", sm.create_model_package, ModelPackageGroupName=group, InferenceSpecification={
        "Containers": [{"ModelDataUrl": "s3://x"}], "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]})
    expect_error("ValidationException", sm.create_model_package, ModelPackageGroupName=group, ModelApprovalStatus="Maybe")
    err = expect_error("ConflictException", sm.delete_model_package_group, ModelPackageGroupName=group)
    assert "still holds 3 model package(s)" in err[1]
    sm.delete_model_package(ModelPackageName=arns[0])
    expect_error("ValidationException", sm.describe_model_package, ModelPackageName=arns[0])
    # Versions are never reused.
    assert sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=SPEC)["ModelPackageArn"].endswith(f"/{group}/4")
