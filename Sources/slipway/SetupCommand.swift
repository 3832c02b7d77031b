import ArgumentParser
import Crypto
import Foundation

/// `slipway projects setup`: the administrator's checklist of SageMaker projects with S3 templates, in one command.
struct Projects: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Set up projects for an organization.", subcommands: [Setup.self])

    /// Bucket, versioning, CORS, launch and use roles with least-privilege policies, the provided templates uploaded
    /// and tagged visible, and a domain tagged with the location — each step skipped when already done.
    struct Setup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (or bring up to date) the template bucket, its versioning and CORS, the launch and use roles, the templates and the domain tag."
        )

        @Option(help: "The templates bucket.") var bucket: String
        @Option(help: "The key prefix the templates live under.") var prefix = "templates/"
        @Option(name: .customLong("domain-name"), help: "The SageMaker domain to tag (created when missing).") var domainName = "slipway-projects"
        @OptionGroup var options: ClientOptions

        static let launchRole = "AmazonSageMakerProjectsLaunchRole"
        static let useRole = "AmazonSageMakerProjectsUseRole"

        func run() async throws {
            let client = try options.client()
            let folder = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
            let location = "s3://\(bucket)/\(folder)"
            let identity = try await call(client, service: "sts", method: "POST", path: "/", form: [("Action", "GetCallerIdentity"), ("Version", "2011-06-15")])
            guard let account = Self.element("Account", in: identity) else { throw ClientError(message: "cannot tell which account the credentials belong to") }

            let (headStatus, _) = try await client.send(service: "s3", method: "HEAD", path: "/\(bucket)")
            if headStatus == 200 {
                print("bucket \(bucket) exists")
            } else {
                _ = try await s3(client, "PUT", "/\(bucket)", ok: ["BucketAlreadyOwnedByYou"])
                print("created bucket \(bucket)")
            }
            _ = try await s3(client, "PUT", "/\(bucket)", query: [("versioning", "")],
                             xml: #"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>"#)
            print("versioning enabled on \(bucket)")
            _ = try await s3(client, "PUT", "/\(bucket)", query: [("cors", "")], xml: """
                <CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>\
                <AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>
                """)
            print("CORS on \(bucket) lets the console read templates")

            let sagemakerTrust = Self.trust(["sagemaker.amazonaws.com"])
            try await role(client, Self.launchRole, trust: sagemakerTrust, policyName: "provision-projects", policy: Self.launchPolicy(account: account))
            try await role(client, Self.useRole, trust: Self.trust(["sagemaker.amazonaws.com", "codebuild.amazonaws.com", "events.amazonaws.com", "lambda.amazonaws.com"]),
                           policyName: "project-resources", policy: Self.usePolicy)

            let provided = try await client.call("GET", "/_slipway/provided-templates") as? [String: Any] ?? [:]
            for template in provided["Templates"] as? [[String: Any]] ?? [] {
                guard let name = template["Name"] as? String else { continue }
                let published = try await client.call("POST", "/_slipway/provided-templates/\(name)/publish", body: ["Destination": location]) as? [String: Any] ?? [:]
                print("uploaded \(name) to \(published["TemplateURL"] ?? location), tagged sagemaker:studio-visibility=true")
            }

            let domains = try await sageMaker(client, "ListDomains", ["MaxResults": 100])["Domains"] as? [[String: Any]] ?? []
            var domain = domains.first { $0["DomainName"] as? String == domainName }
            if domain == nil {
                let made = try await sageMaker(client, "CreateDomain", [
                    "DomainName": domainName, "AuthMode": "IAM", "DefaultUserSettings": ["ExecutionRole": "arn:aws:iam::\(account):role/\(Self.useRole)"],
                ])
                domain = made
                print("created domain \(domainName) (\(made["DomainId"] ?? "?"))")
            }
            guard let arn = domain?["DomainArn"] as? String, let id = domain?["DomainId"] as? String else { throw ClientError(message: "no domain to tag") }
            _ = try await sageMaker(client, "AddTags", ["ResourceArn": arn, "Tags": [["Key": "sagemaker:projectS3TemplatesLocation", "Value": location]]])
            print("domain \(id) tagged sagemaker:projectS3TemplatesLocation=\(location)")
            print("""
                Done. Data scientists need only: sagemaker:*Project* and sagemaker:ListProjectTemplates, iam:PassRole on \
                arn:aws:iam::\(account):role/\(Self.launchRole), and s3:ListBucket, s3:GetObject, s3:GetObjectTagging on \(location).
                """)
        }

        static func trust(_ services: [String]) -> String {
            json(["Version": "2012-10-17", "Statement": [["Effect": "Allow", "Principal": ["Service": services], "Action": "sts:AssumeRole"]]])
        }

        /// What the provided templates make, and nothing else: buckets, roles, policies, users, repositories, functions, rules
        /// and secrets named for projects, and the registry and tracking servers of the account.
        static func launchPolicy(account: String) -> String {
            json(["Version": "2012-10-17", "Statement": [
                ["Sid": "ProjectBuckets", "Effect": "Allow", "Action": ["s3:CreateBucket", "s3:DeleteBucket", "s3:Put*", "s3:Get*", "s3:List*", "s3:DeleteBucketPolicy"],
                 "Resource": ["arn:aws:s3:::sagemaker-*"]],
                ["Sid": "ProjectRoles", "Effect": "Allow", "Action": [
                    "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
                    "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
                ], "Resource": ["arn:aws:iam::\(account):role/SageMaker-*"]],
                ["Sid": "ProjectPolicies", "Effect": "Allow", "Action": [
                    "iam:CreatePolicy", "iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:ListPolicyVersions", "iam:GetPolicy",
                ], "Resource": ["arn:aws:iam::\(account):policy/SageMaker-*"]],
                // mlops-github-actions: the project's functions and tracking server run as its roles.
                ["Sid": "PassProjectRoles", "Effect": "Allow", "Action": ["iam:PassRole"], "Resource": ["arn:aws:iam::\(account):role/SageMaker-*"]],
                // Its workflows' user, that user's keys and forge token.
                ["Sid": "ProjectUsers", "Effect": "Allow", "Action": [
                    "iam:CreateUser", "iam:DeleteUser", "iam:GetUser", "iam:TagUser", "iam:UntagUser", "iam:PutUserPolicy", "iam:DeleteUserPolicy",
                    "iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:CreateServiceSpecificCredential",
                    "iam:DeleteServiceSpecificCredential",
                ], "Resource": ["arn:aws:iam::\(account):user/sagemaker-*"]],
                // Its repository and the repository's workflow settings.
                ["Sid": "ProjectRepositories", "Effect": "Allow", "Action": [
                    "codecommit:CreateRepository", "codecommit:DeleteRepository", "codecommit:GetRepository", "codecommit:UpdateRepositoryDescription",
                    "codecommit:TagResource", "codecommit:UntagResource", "codecommit:PutRepositoryTriggers",
                ], "Resource": ["arn:aws:codecommit:*:\(account):sagemaker-*"]],
                ["Sid": "ProjectRegistry", "Effect": "Allow", "Action": [
                    "sagemaker:CreateModelPackageGroup", "sagemaker:DeleteModelPackageGroup", "sagemaker:DescribeModelPackageGroup",
                    "sagemaker:CreateMlflowTrackingServer", "sagemaker:DeleteMlflowTrackingServer", "sagemaker:DescribeMlflowTrackingServer",
                    "sagemaker:UpdateMlflowTrackingServer", "sagemaker:AddTags", "sagemaker:DeleteTags", "sagemaker:ListTags",
                ], "Resource": ["arn:aws:sagemaker:*:\(account):model-package-group/*", "arn:aws:sagemaker:*:\(account):mlflow-tracking-server/*"]],
                ["Sid": "ProjectFunctions", "Effect": "Allow", "Action": [
                    "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
                    "lambda:AddPermission", "lambda:RemovePermission", "lambda:TagResource", "lambda:UntagResource",
                ], "Resource": ["arn:aws:lambda:*:\(account):function:SageMaker-*"]],
                ["Sid": "ProjectRules", "Effect": "Allow", "Action": [
                    "events:PutRule", "events:DeleteRule", "events:DescribeRule", "events:PutTargets", "events:RemoveTargets", "events:TagResource",
                    "events:UntagResource",
                ], "Resource": ["arn:aws:events:*:\(account):rule/SageMaker-*"]],
                ["Sid": "ProjectSecrets", "Effect": "Allow", "Action": [
                    "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue",
                    "secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:UntagResource",
                ], "Resource": ["arn:aws:secretsmanager:*:\(account):secret:sagemaker-project-*"]],
            ]])
        }

        static let usePolicy = json(["Version": "2012-10-17", "Statement": [
            ["Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation"], "Resource": ["arn:aws:s3:::sagemaker-*"]],
        ]])

        static func json(_ value: Any) -> String {
            (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }

        static func element(_ name: String, in body: Data) -> String? {
            let text = String(decoding: body, as: UTF8.self)
            guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex) else { return nil }
            return String(text[start.upperBound..<end.lowerBound])
        }

        /// A role with its trust policy and one inline policy, created or brought up to date.
        func role(_ client: SignedClient, _ name: String, trust: String, policyName: String, policy: String) async throws {
            let exists: Bool
            do {
                _ = try await call(client, service: "iam", method: "POST", path: "/", form: [
                    ("Action", "CreateRole"), ("Version", "2010-05-08"), ("RoleName", name), ("AssumeRolePolicyDocument", trust),
                ])
                exists = false
            } catch let error as ClientError where error.message.hasPrefix("EntityAlreadyExists") {
                exists = true
                _ = try await call(client, service: "iam", method: "POST", path: "/", form: [
                    ("Action", "UpdateAssumeRolePolicy"), ("Version", "2010-05-08"), ("RoleName", name), ("PolicyDocument", trust),
                ])
            }
            _ = try await call(client, service: "iam", method: "POST", path: "/", form: [
                ("Action", "PutRolePolicy"), ("Version", "2010-05-08"), ("RoleName", name), ("PolicyName", policyName), ("PolicyDocument", policy),
            ])
            print(exists ? "role \(name) brought up to date" : "created role \(name)")
        }

        /// A form-encoded (Query protocol) call; a failure is a `ClientError` starting with its code.
        func call(_ client: SignedClient, service: String, method: String, path: String, form: [(String, String)]) async throws -> Data {
            let body = Data(form.map { "\(SignedClient.encode($0.0))=\(SignedClient.encode($0.1))" }.joined(separator: "&").utf8)
            let (status, data) = try await client.send(
                service: service, method: method, path: path, headers: [("content-type", "application/x-www-form-urlencoded; charset=utf-8")], body: body
            )
            guard (200..<300).contains(status) else {
                throw ClientError(message: "\(SignedClient.errorCode(data)): \(Self.element("Message", in: data) ?? String(decoding: data, as: UTF8.self))")
            }
            return data
        }

        /// An S3 call; true when it made something, false when one of `ok` said it was already there.
        func s3(_ client: SignedClient, _ method: String, _ path: String, query: [(String, String)] = [], xml: String? = nil, ok: [String] = []) async throws -> Bool {
            let body = Data((xml ?? "").utf8)
            var headers: [(String, String)] = []
            if xml != nil {
                headers.append(("content-type", "application/xml"))
                headers.append(("content-md5", Data(Insecure.MD5.hash(data: body)).base64EncodedString()))
            }
            let (status, data) = try await client.send(service: "s3", method: method, path: path, query: query, headers: headers, body: body)
            if (200..<300).contains(status) { return true }
            let code = SignedClient.errorCode(data)
            if ok.contains(code) { return false }
            throw ClientError(message: "\(code): \(Self.element("Message", in: data) ?? "S3 refused \(method) \(path)")")
        }

        /// A SageMaker (JSON 1.1) call's answer.
        func sageMaker(_ client: SignedClient, _ operation: String, _ input: [String: Any]) async throws -> [String: Any] {
            let (status, data) = try await client.send(
                service: "sagemaker", method: "POST", path: "/",
                headers: [("content-type", "application/x-amz-json-1.1"), ("x-amz-target", "SageMaker.\(operation)")],
                body: try JSONSerialization.data(withJSONObject: input)
            )
            let answer = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            guard (200..<300).contains(status) else { throw ClientError(message: "\(SignedClient.errorCode(data)): \(answer["message"] ?? answer["Message"] ?? "")") }
            return answer
        }
    }
}
