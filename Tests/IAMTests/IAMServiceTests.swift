import Foundation
import SigV4
import SlipwayTesting
import Testing

/// The IAM and STS operations through a real server, on SQLite and (when the test command started it) PostgreSQL.
@Suite("IAM and STS over the wire")
struct IAMServiceTests {
    static var databases: [String?] {
        [nil] + (ProcessInfo.processInfo.environment["SLIPWAY_TEST_POSTGRES_URL"].map { [$0] } ?? [])
    }

    @Test(arguments: databases)
    func userWithoutPolicyIsDeniedWithAWSExplanation(database: String?) async throws {
        try await TestServer.with(databaseURL: try await Self.freshDatabase(database)) { server in
            let created = try await server.query("CreateUser", version: "2010-05-08", service: "iam", parameters: [("UserName", "alice")])
            #expect(created.status == 200)
            #expect(created.xmlValue("Arn") == "arn:aws:iam::111111111111:user/alice")
            let key = try await server.query("CreateAccessKey", version: "2010-05-08", service: "iam", parameters: [("UserName", "alice")])
            let credentials = SigV4Credentials(
                accessKeyID: try #require(key.xmlValue("AccessKeyId")), secretAccessKey: try #require(key.xmlValue("SecretAccessKey")), sessionToken: nil
            )
            let denied = try await server.query("ListRoles", version: "2010-05-08", service: "iam", credentials: credentials)
            #expect(denied.status == 403)
            #expect(denied.xmlValue("Code") == "AccessDenied")
            #expect(denied.xmlValue("Message") == "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::111111111111:role/ because no identity-based policy allows the iam:ListRoles action")
            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}"#
            let put = try await server.query("PutUserPolicy", version: "2010-05-08", service: "iam", parameters: [("UserName", "alice"), ("PolicyName", "roles"), ("PolicyDocument", policy)])
            #expect(put.status == 200)
            let allowed = try await server.query("ListRoles", version: "2010-05-08", service: "iam", credentials: credentials)
            #expect(allowed.status == 200)
            let identity = try await server.query("GetCallerIdentity", version: "2011-06-15", service: "sts", credentials: credentials)
            #expect(identity.xmlValue("Arn") == "arn:aws:iam::111111111111:user/alice")
        }
    }

    @Test func duplicateUserIsEntityAlreadyExists() async throws {
        try await TestServer.with { server in
            _ = try await server.query("CreateUser", version: "2010-05-08", service: "iam", parameters: [("UserName", "bob")])
            let again = try await server.query("CreateUser", version: "2010-05-08", service: "iam", parameters: [("UserName", "BOB")])
            #expect(again.status == 409)
            #expect(again.xmlValue("Code") == "EntityAlreadyExists")
            #expect(again.headers["x-amzn-requestid"] != nil)
        }
    }

    static func freshDatabase(_ base: String?) async throws -> String? {
        guard let base else { return nil }
        return try await PostgresScratch.freshDatabaseURL(base: base)
    }
}
