import Events
import SlipwayCore
import Testing

@Suite("EventBridge patterns")
struct EventPatternTests {
    static let event = """
        {"id": "1", "account": "111111111111", "source": "aws.sagemaker", "time": "2026-11-28T00:00:00Z", "region": "us-east-1",
         "resources": ["arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/3"], "detail-type": "SageMaker Model Package State Change",
         "detail": {"ModelPackageGroupName": "churn", "ModelPackageVersion": 3, "ModelApprovalStatus": "Approved", "Score": 0.93,
                    "Tags": ["prod", "gpu"], "SourceIp": "10.0.1.17", "Owner": null, "Nested": {"Level": "deep"}}}
        """

    /// Patterns and whether the event above matches them.
    static let table: [(String, Bool)] = [
        (#"{"source": ["aws.sagemaker"]}"#, true),
        (#"{"source": ["aws.s3"]}"#, false),
        (#"{"detail-type": ["SageMaker Model Package State Change"], "detail": {"ModelApprovalStatus": ["Approved"]}}"#, true),
        (#"{"detail": {"ModelApprovalStatus": ["PendingManualApproval", "Rejected"]}}"#, false),
        (#"{"detail": {"ModelPackageGroupName": [{"prefix": "ch"}]}}"#, true),
        (#"{"detail": {"ModelPackageGroupName": [{"prefix": {"equals-ignore-case": "CH"}}]}}"#, true),
        (#"{"detail": {"ModelPackageGroupName": [{"suffix": "urn"}]}}"#, true),
        (#"{"detail": {"ModelPackageGroupName": [{"equals-ignore-case": "CHURN"}]}}"#, true),
        (#"{"detail": {"ModelPackageGroupName": [{"wildcard": "c*r*"}]}}"#, true),
        (#"{"detail": {"ModelPackageGroupName": [{"wildcard": "x*"}]}}"#, false),
        (#"{"detail": {"ModelApprovalStatus": [{"anything-but": "Rejected"}]}}"#, true),
        (#"{"detail": {"ModelApprovalStatus": [{"anything-but": ["Approved", "Rejected"]}]}}"#, false),
        (#"{"detail": {"ModelApprovalStatus": [{"anything-but": {"prefix": "App"}}]}}"#, false),
        (#"{"detail": {"ModelPackageVersion": [{"numeric": [">", 2, "<=", 3]}]}}"#, true),
        (#"{"detail": {"ModelPackageVersion": [3]}}"#, true),
        (#"{"detail": {"Score": [{"numeric": ["<", 0.9]}]}}"#, false),
        (#"{"detail": {"Tags": ["gpu"]}}"#, true),
        (#"{"detail": {"SourceIp": [{"cidr": "10.0.0.0/16"}]}}"#, true),
        (#"{"detail": {"SourceIp": [{"cidr": "10.1.0.0/16"}]}}"#, false),
        (#"{"detail": {"Missing": [{"exists": false}]}}"#, true),
        (#"{"detail": {"Missing": [{"exists": true}]}}"#, false),
        (#"{"detail": {"ModelApprovalStatus": [{"exists": true}]}}"#, true),
        (#"{"detail": {"Owner": [null]}}"#, true),
        (#"{"detail": {"Nested": {"Level": ["deep"]}}}"#, true),
        (#"{"detail": {"$or": [{"ModelApprovalStatus": ["Rejected"]}, {"ModelPackageVersion": [{"numeric": [">=", 3]}]}]}}"#, true),
        (#"{"detail": {"$or": [{"ModelApprovalStatus": ["Rejected"]}, {"ModelPackageVersion": [1]}]}}"#, false),
        (#"{"detail": {"Missing": [{"anything-but": "x"}]}}"#, false),
    ]

    @Test func theTableMatchesAsEventBridgeDoes() throws {
        let event = try JSONValue.parse(Self.event)
        for (text, expected) in Self.table {
            #expect(try EventPattern(text).matches(event) == expected, "\(text)")
        }
    }

    @Test(arguments: [
        "not json", "[]", "{}", #"{"source": "aws.s3"}"#, #"{"source": []}"#, #"{"source": [{"prefix": 1}]}"#,
        #"{"source": [{"numeric": [">", "x"]}]}"#, #"{"source": [{"unknown": "x"}]}"#, #"{"source": [{"cidr": "10.0.0.0"}]}"#,
        #"{"source": [{"wildcard": "a**b"}]}"#, #"{"source": [{"exists": "yes"}]}"#, #"{"$or": [{"source": ["a"]}]}"#,
    ])
    func invalidPatternsAreRefused(text: String) {
        #expect(throws: EventPatternError.self) { try EventPattern(text) }
    }
}
