import Foundation
import SigV4
import SlipwayTesting
import Testing

@Suite("Edge: identification, authentication and errors")
struct EdgeTests {
    @Test func rootGetCallerIdentity() async throws {
        try await TestServer.with { server in
            let response = try await server.query("GetCallerIdentity", version: "2011-06-15", service: "sts")
            #expect(response.status == 200)
            #expect(response.xmlValue("Arn") == "arn:aws:iam::111111111111:root")
            #expect(response.xmlValue("Account") == "111111111111")
            #expect(response.headers["x-amzn-requestid"]?.count == 36)
        }
    }

    @Test func unknownActionIsInvalidAction() async throws {
        try await TestServer.with { server in
            let response = try await server.query("NoSuchThing", version: "2010-05-08", service: "iam")
            #expect(response.status == 400)
            #expect(response.xmlValue("Code") == "InvalidAction")
        }
    }

    @Test func wrongSecretIsSignatureDoesNotMatch() async throws {
        try await TestServer.with { server in
            let wrong = SigV4Credentials(accessKeyID: server.rootCredentials.accessKeyID, secretAccessKey: "not-the-secret", sessionToken: nil)
            let response = try await server.query("GetCallerIdentity", version: "2011-06-15", service: "sts", credentials: wrong)
            #expect(response.status == 403)
            #expect(response.xmlValue("Code") == "SignatureDoesNotMatch")
        }
    }

    @Test func skewedDateIsRequestTimeTooSkewed() async throws {
        try await TestServer.with { server in
            let response = try await server.send(
                headers: [("content-type", "application/x-www-form-urlencoded")],
                body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8), service: "sts", date: Date().addingTimeInterval(-16 * 60)
            )
            #expect(response.status == 403)
            #expect(response.xmlValue("Code") == "RequestTimeTooSkewed")
        }
    }

    @Test func unsignedIsMissingAuthenticationToken() async throws {
        try await TestServer.with { server in
            let response = try await server.send(
                headers: [("content-type", "application/x-www-form-urlencoded")],
                body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8), service: "sts", sign: false
            )
            #expect(response.status == 403)
            #expect(response.xmlValue("Code") == "MissingAuthenticationToken")
        }
    }

    @Test func healthAnswers() async throws {
        try await TestServer.with { server in
            let response = try await server.send(method: "GET", path: "/_slipway/health", service: "sts", sign: false)
            #expect(response.status == 200)
        }
    }
}
