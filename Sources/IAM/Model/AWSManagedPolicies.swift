/// The AWS managed policies Slipway ships, under `arn:aws:iam::aws:policy/…`, with the statements that matter for the services Slipway serves.
enum AWSManagedPolicies {
    struct Entry {
        let name: String
        let id: String
        let path: String
        let description: String
        let document: String
    }

    static let all: [Entry] = [
        Entry(
            name: "AdministratorAccess", id: "ANPAIWMBCKSKIEE64ZLYK", path: "/", description: "Provides full access to AWS services and resources.",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        ),
        Entry(
            name: "IAMFullAccess", id: "ANPAI7XKCFMBPM3QQRRVQ", path: "/", description: "Provides full access to IAM via the AWS Management Console.",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#
        ),
        Entry(
            name: "IAMReadOnlyAccess", id: "ANPAJKSO7NDY4T57MWDSQ", path: "/", description: "Provides read only access to IAM via the AWS Management Console.",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GenerateCredentialReport","iam:GenerateServiceLastAccessedDetails","iam:Get*","iam:List*","iam:SimulateCustomPolicy","iam:SimulatePrincipalPolicy"],"Resource":"*"}]}"#
        ),
        Entry(
            name: "AmazonS3FullAccess", id: "ANPAIFIR6V6BVTRAHWINE", path: "/", description: "Provides full access to all buckets via the AWS Management Console.",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"#
        ),
        Entry(
            name: "AmazonS3ReadOnlyAccess", id: "ANPAIZTJ4DXE7G6AGAE6M", path: "/", description: "Provides read only access to all buckets via the AWS Management Console.",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}"#
        ),
    ]

    /// INSERT statements for migration; documents contain no single quotes.
    static var insertStatements: [String] {
        all.flatMap { entry in
            let arn = "arn:aws:iam::aws:policy\(entry.path)\(entry.name)"
            return [
                """
                INSERT INTO iam_managed_policies (policy_arn, account_id, name_key, policy_name, policy_id, path, description,
                    default_version, next_version, created_ms, updated_ms)
                VALUES ('\(arn)', 'aws', '\(entry.name.lowercased())', '\(entry.name)', '\(entry.id)', '\(entry.path)', '\(entry.description)', 'v1', 2, 1423000000000, 1423000000000)
                """,
                "INSERT INTO iam_policy_versions (policy_arn, version_id, document, created_ms) VALUES ('\(arn)', 'v1', '\(entry.document)', 1423000000000)",
            ]
        }
    }
}
