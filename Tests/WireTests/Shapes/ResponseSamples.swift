import Foundation
import SlipwayCore
import Wire

/// One response the codecs build, checked against botocore's parser by the fixture script.
struct ResponseSample: Sendable {
    /// `service.Operation`, or `service.Operation!Code` for an error.
    let name: String
    let response: @Sendable () throws(WireError) -> WireResponse
    /// Whether botocore's parse of the response (as JSON: timestamps as epoch seconds, blobs as base64) is the encoded value.
    let matchesParsed: @Sendable ([UInt8]) -> Bool

    /// A success response of `value`.
    static func output<T: Codable & Equatable & Sendable>(
        _ name: String, _ codec: WireCodec, _ value: T, operation: String, status: Int = 200
    ) -> ResponseSample {
        ResponseSample(
            name: name,
            response: { () throws(WireError) in
                try codec.encode(value, operation: operation, requestID: SampleValues.requestID, httpStatus: status)
            },
            matchesParsed: { parsed in (try? Codecs.parsedJSON.decode(T.self, from: WireRequest(body: parsed))) == value }
        )
    }

    /// An error response of `error`.
    static func error(_ name: String, _ codec: WireCodec, _ error: AWSError) -> ResponseSample {
        ResponseSample(
            name: name,
            response: { codec.encodeError(error, requestID: SampleValues.requestID) },
            matchesParsed: { parsed in
                guard let fields = (try? Codecs.parsedJSON.decode([String: [String: String]].self, from: WireRequest(body: parsed)))?["Error"]
                else { return false }
                return fields["Code"] == error.code && fields["Message"] == error.message
                    && error.extraFields.allSatisfy { fields[$0.0] == $0.1 }
            }
        )
    }
}

/// Fixed values shared by the samples.
enum SampleValues {
    static let created = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let withMillis = Date(timeIntervalSince1970: 1_255_369_830.5)  // 2009-10-12T17:50:30.500Z
    static let requestID = "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE"

    static let alice = IAMUser(
        path: "/eng/", userName: "alice", userId: "AIDACKCEVSQ6C2EXAMPLE", arn: "arn:aws:iam::123456789012:user/eng/alice",
        createDate: created, passwordLastUsed: nil, tags: [Tag(key: "team", value: "ml & <data>")]
    )
    static let bob = IAMUser(
        path: "/", userName: "bob", userId: "AIDBOB", arn: "arn:aws:iam::123456789012:user/bob",
        createDate: withMillis, passwordLastUsed: created, tags: nil
    )
}

/// Every response sample, in a fixed order.
enum ResponseSamples {
    static let all: [ResponseSample] = query + json + restXML + restJSON

    static let query: [ResponseSample] = [
        .output("iam.CreateUser", Codecs.iam, CreateUserOutput(user: SampleValues.alice), operation: "CreateUser"),
        .output(
            "iam.ListUsers", Codecs.iam,
            ListUsersOutput(users: [SampleValues.alice, SampleValues.bob], isTruncated: true, marker: "next"),
            operation: "ListUsers"
        ),
        .output("iam.ListUsers.empty", Codecs.iam, ListUsersOutput(users: [], isTruncated: false, marker: nil), operation: "ListUsers"),
        .output("iam.DeleteUser", Codecs.iam, EmptyOutput(), operation: "DeleteUser"),
        .output(
            "iam.GetAccountSummary", Codecs.iam,
            GetAccountSummaryOutput(summaryMap: ["Users": 2, "Roles": 10, "AccessKeysPerUserQuota": 2]),
            operation: "GetAccountSummary"
        ),
        .output(
            "iam.CreateVirtualMFADevice", Codecs.iam,
            CreateVirtualMFADeviceOutput(virtualMFADevice: VirtualMFADevice(
                serialNumber: "arn:aws:iam::123456789012:mfa/alice", base32StringSeed: Data([0x00, 0x01, 0xFE, 0xFF]), enableDate: nil
            )),
            operation: "CreateVirtualMFADevice"
        ),
        .output(
            "sts.AssumeRole", Codecs.sts,
            AssumeRoleOutput(
                credentials: STSCredentials(
                    accessKeyId: "ASIAEXAMPLE", secretAccessKey: "wJalr/K7MDENG+bPxRfiCY", sessionToken: "FwoG&token=",
                    expiration: Date(timeIntervalSince1970: 1_311_020_913.359)
                ),
                assumedRoleUser: AssumedRoleUser(
                    assumedRoleId: "AROA3XFRBF535PLBIFPI4:session-1", arn: "arn:aws:sts::123456789012:assumed-role/launch/session-1"
                ),
                packedPolicySize: 8, sourceIdentity: nil
            ),
            operation: "AssumeRole"
        ),
        .error(
            "iam.GetUser!NoSuchEntity", Codecs.iam,
            AWSError(code: "NoSuchEntity", message: "The user with name carol cannot be found.", httpStatus: 404)
        ),
        .error("sts.AssumeRole!InternalFailure", Codecs.sts, AWSError.internalFailure()),
    ]

    static let json: [ResponseSample] = [
        .output(
            "sagemaker.DescribeDomain", Codecs.sageMaker,
            DescribeDomainOutput(
                domainArn: "arn:aws:sagemaker:us-east-1:123456789012:domain/d-abc", domainId: "d-abc", domainName: "studio",
                status: "InService", creationTime: SampleValues.created, lastModifiedTime: SampleValues.withMillis,
                defaultUserSettings: UserSettings(executionRole: "arn:aws:iam::123456789012:role/exec", securityGroups: []),
                subnetIds: ["subnet-1"]
            ),
            operation: "DescribeDomain"
        ),
        .output(
            "sagemaker.ListProjects", Codecs.sageMaker,
            ListProjectsOutput(
                projectSummaryList: [ProjectSummary(
                    projectName: "p\u{e9}\"1\"", projectArn: "arn:aws:sagemaker:us-east-1:123456789012:project/p1",
                    projectId: "p-1", creationTime: SampleValues.withMillis, projectStatus: "CreateCompleted"
                )],
                nextToken: nil
            ),
            operation: "ListProjects"
        ),
        .output("sagemaker.DeleteModel", Codecs.sageMaker, EmptyOutput(), operation: "DeleteModel"),
        .output(
            "secretsmanager.GetSecretValue", Codecs.secretsManager,
            GetSecretValueOutput(
                arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", name: "db", versionId: "v1",
                secretBinary: Data([0x00, 0x01, 0x73, 0xFF]), secretString: "line1\nline2\t\u{1}",
                versionStages: ["AWSCURRENT"], createdDate: SampleValues.created
            ),
            operation: "GetSecretValue"
        ),
        .error(
            "sagemaker.DescribeDomain!ResourceNotFound", Codecs.sageMaker,
            AWSError(code: "ResourceNotFound", message: "Domain d-x does not exist")
        ),
        .error(
            "sqs.SendMessage!QueueDoesNotExist", Codecs.sqs,
            AWSError(code: "QueueDoesNotExist", message: "The specified queue does not exist.")
        ),
    ]

    static let restXML: [ResponseSample] = [
        .output(
            "s3.ListObjectsV2", Codecs.s3,
            ListObjectsV2Output(
                name: "templates", prefix: "dir/", keyCount: 2, maxKeys: 1000, isTruncated: false,
                contents: [
                    S3Object(
                        key: "dir/a & b.yaml", lastModified: SampleValues.created, eTag: "\"etag1\"", checksumAlgorithm: ["CRC32"],
                        size: 14, storageClass: "STANDARD", owner: S3Owner(displayName: "admin", id: "abc123")
                    ),
                    S3Object(
                        key: "dir/b.yaml", lastModified: SampleValues.withMillis, eTag: "\"etag2\"", checksumAlgorithm: nil,
                        size: 5_000_000_000, storageClass: "STANDARD", owner: nil
                    ),
                ],
                commonPrefixes: [CommonPrefix(prefix: "dir/sub/")], nextContinuationToken: nil
            ),
            operation: "ListObjectsV2"
        ),
        .output(
            "s3.GetObject", Codecs.s3,
            GetObjectOutput(
                body: Array("Resources: {}\n".utf8), contentLength: 14, contentType: "application/x-yaml", eTag: "\"etag1\"",
                lastModified: SampleValues.created, metadata: ["owner": "alice"], versionId: "v1", deleteMarker: nil
            ),
            operation: "GetObject"
        ),
        .output("s3.PutObject", Codecs.s3, PutObjectOutput(eTag: "\"etag1\"", versionId: "v2"), operation: "PutObject"),
        .output(
            "s3.GetBucketTagging", Codecs.s3,
            Tagging(tagSet: [S3Tag(key: "sagemaker:studio-visibility", value: "true"), S3Tag(key: "a", value: "<b>")]),
            operation: "GetBucketTagging"
        ),
        .output(
            "s3.GetBucketAcl", Codecs.s3,
            GetBucketAclOutput(
                owner: S3Owner(displayName: "admin", id: "abc123"),
                grants: [
                    Grant(grantee: Grantee(displayName: "admin", id: "abc123", uri: nil, type: "CanonicalUser"), permission: "FULL_CONTROL"),
                    Grant(
                        grantee: Grantee(displayName: nil, id: nil, uri: "http://acs.amazonaws.com/groups/global/AllUsers", type: "Group"),
                        permission: "READ"
                    ),
                ]
            ),
            operation: "GetBucketAcl"
        ),
        .output(
            "s3.GetBucketVersioning", Codecs.s3, VersioningConfiguration(status: "Enabled", mfaDelete: nil),
            operation: "GetBucketVersioning"
        ),
        .output(
            "s3.DeleteObjects", Codecs.s3,
            DeleteObjectsOutput(
                deleted: [DeletedObject(key: "a", versionId: nil, deleteMarker: true), DeletedObject(key: "b", versionId: "v", deleteMarker: nil)],
                errors: [DeleteError(key: "c", code: "AccessDenied", message: "Access Denied")]
            ),
            operation: "DeleteObjects"
        ),
        .output(
            "s3.GetBucketPolicy", Codecs.s3, GetBucketPolicyOutput(policy: #"{"Version":"2012-10-17","Statement":[]}"#),
            operation: "GetBucketPolicy"
        ),
        .output(
            "s3.GetObjectRetention", Codecs.s3,
            GetObjectRetentionOutput(retention: ObjectLockRetention(mode: "GOVERNANCE", retainUntilDate: SampleValues.withMillis)),
            operation: "GetObjectRetention"
        ),
        .output(
            "s3.CompleteMultipartUpload", Codecs.s3,
            CompleteMultipartUploadOutput(
                location: "http://localhost/templates/big", bucket: "templates", key: "big", eTag: "\"e-2\"", versionId: "v9"
            ),
            operation: "CompleteMultipartUpload"
        ),
        .error(
            "s3.GetObject!NoSuchKey", Codecs.s3,
            AWSError(
                code: "NoSuchKey", message: "The specified key does not exist.", httpStatus: 404,
                extraFields: [("Key", "dir/missing.yaml")]
            )
        ),
        .error(
            "s3.PutBucketTagging!MalformedXML", Codecs.s3,
            AWSError(code: WireError.malformedXML().code, message: WireError.malformedXML().message)
        ),
    ]

    static let restJSON: [ResponseSample] = [
        .output(
            "lambda.CreateFunction", Codecs.lambda,
            FunctionConfiguration(
                functionName: "fn", functionArn: "arn:aws:lambda:us-east-1:123456789012:function:fn", runtime: "python3.12",
                role: "arn:aws:iam::123456789012:role/r", handler: "app.handler", codeSize: 1024, timeout: 30, memorySize: 128,
                lastModified: "2024-01-02T03:04:05.000+0000", environment: FunctionEnvironment(variables: ["SECRET_ID": "s"]),
                state: "Active"
            ),
            operation: "CreateFunction", status: 201
        ),
        .output(
            "lambda.Invoke", Codecs.lambda,
            InvokeOutput(
                statusCode: 200, functionError: "Unhandled", logResult: "U1RBUlQ=", payload: Array(#"{"ok":true}"#.utf8),
                executedVersion: "$LATEST"
            ),
            operation: "Invoke"
        ),
        .output(
            "lambda.Invoke.event", Codecs.lambda,
            InvokeOutput(statusCode: 202, functionError: nil, logResult: nil, payload: [], executedVersion: nil),
            operation: "Invoke"
        ),
        .output(
            "lambda.ListFunctions", Codecs.lambda,
            ListFunctionsOutput(nextMarker: "m2", functions: [FunctionConfiguration(functionName: "fn", timeout: 3)]),
            operation: "ListFunctions"
        ),
        .output(
            "lambda.GetFunctionEventInvokeConfig", Codecs.lambda,
            FunctionEventInvokeConfig(
                lastModified: SampleValues.withMillis, functionArn: "arn:aws:lambda:us-east-1:123456789012:function:fn",
                maximumRetryAttempts: 2, maximumEventAgeInSeconds: nil
            ),
            operation: "GetFunctionEventInvokeConfig"
        ),
        .output("lambda.DeleteFunction", Codecs.lambda, EmptyOutput(), operation: "DeleteFunction", status: 204),
        .error(
            "lambda.GetFunction!ResourceNotFoundException", Codecs.lambda,
            AWSError(
                code: "ResourceNotFoundException", message: "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope",
                httpStatus: 404
            )
        ),
        .error("lambda.Invoke!ServiceException", Codecs.lambda, AWSError(code: "ServiceException", message: "boom", httpStatus: 500)),
    ]
}
