import Foundation
import Testing
import Wire
@testable import Git

/// CodeCommit's git passwords and Basic credentials, checked against what botocore computes.
@Suite struct GitCredentialsTests {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    // botocore's SigV4Auth for service codecommit over `GIT /v1/repos/demo host:<host>` at 20261206T120000.
    let withPort = "36b4c6562c68b0da0f8c0fb18daa70baf9dae81ac36dde0096e89a255fbc4647"
    let withoutPort = "abd68b7e8711b39478663515bfe18a1cb46e3d07f701fd930c5bbd82a167bf4b"
    let signedAt = Date(timeIntervalSince1970: 1_796_558_400)  // 2026-12-06T12:00:00Z

    @Test func aPasswordIsItsTimestampAndSignatureAndVerifiesOnlyForItsPathHostAndSecret() throws {
        let password = try #require(CodeCommitPassword("20261206T120000Z" + withPort))
        #expect(password.signedAt == signedAt)
        #expect(CodeCommitPassword.signature(path: "/v1/repos/demo", host: "127.0.0.1:8080", region: "us-east-1", timestamp: "20261206T120000", secret: secret) == withPort)
        #expect(CodeCommitPassword.signature(path: "/v1/repos/demo", host: "127.0.0.1", region: "us-east-1", timestamp: "20261206T120000", secret: secret) == withoutPort)
        #expect(password.verifies(path: "/v1/repos/demo", host: "127.0.0.1:8080", region: "us-east-1", secret: secret, now: signedAt.addingTimeInterval(60)))
        #expect(!password.verifies(path: "/v1/repos/other", host: "127.0.0.1:8080", region: "us-east-1", secret: secret, now: signedAt))
        #expect(!password.verifies(path: "/v1/repos/demo", host: "127.0.0.1", region: "us-east-1", secret: secret, now: signedAt))
        #expect(!password.verifies(path: "/v1/repos/demo", host: "127.0.0.1:8080", region: "eu-west-1", secret: secret, now: signedAt))
        #expect(!password.verifies(path: "/v1/repos/demo", host: "127.0.0.1:8080", region: "us-east-1", secret: secret + "x", now: signedAt))
        // Stale or from the future beyond fifteen minutes: refused.
        #expect(!password.verifies(path: "/v1/repos/demo", host: "127.0.0.1:8080", region: "us-east-1", secret: secret, now: signedAt.addingTimeInterval(16 * 60)))
        #expect(!password.verifies(path: "/v1/repos/demo", host: "127.0.0.1:8080", region: "us-east-1", secret: secret, now: signedAt.addingTimeInterval(-16 * 60)))
    }

    @Test func onlyCodeCommitsShapeIsAPassword() {
        #expect(CodeCommitPassword("hunter2") == nil)
        #expect(CodeCommitPassword("20261206T120000Z" + String(withPort.dropLast())) == nil)
        #expect(CodeCommitPassword("20261206X120000Z" + withPort) == nil)
        #expect(CodeCommitPassword("20261206T120000Z" + withPort.uppercased()) == nil)
    }

    @Test func basicCredentialsSplitAtTheFirstColon() {
        let header = "Basic " + Data("AKID%token:pass:word".utf8).base64EncodedString()
        #expect(BasicCredentials(header: header) == BasicCredentials(header: "basic " + Data("AKID%token:pass:word".utf8).base64EncodedString()))
        #expect(BasicCredentials(header: header)?.user == "AKID%token" && BasicCredentials(header: header)?.password == "pass:word")
        #expect(BasicCredentials(header: "Bearer abc") == nil)
        #expect(BasicCredentials(header: "Basic !!!") == nil)
        #expect(BasicCredentials(header: "Basic " + Data("nocolon".utf8).base64EncodedString()) == nil)
    }
}

/// How the smart HTTP front reads paths and the backend's CGI answer, and which names CodeCommit allows.
@Suite struct GitSmartHTTPTests {
    @Test func pathsNameTheRepositoryAndWhetherItIsAPush() throws {
        let split = try #require(GitSmartHTTP.split("/v1/repos/demo/info/refs"))
        #expect(split.name == "demo" && split.rest == "/info/refs")
        #expect(GitSmartHTTP.split("/v1/repos/demo.git/git-upload-pack")?.name == "demo")
        #expect(GitSmartHTTP.split("/v1/repos/demo") == nil)
        func request(_ method: String, _ query: [(String, String)] = []) -> WireRequest {
            WireRequest(method: method, queryItems: query.map { (name: $0.0, value: $0.1) })
        }
        #expect(GitSmartHTTP.isPush(rest: "/info/refs", request: request("GET", [("service", "git-upload-pack")])) == false)
        #expect(GitSmartHTTP.isPush(rest: "/info/refs", request: request("GET", [("service", "git-receive-pack")])) == true)
        #expect(GitSmartHTTP.isPush(rest: "/info/refs", request: request("GET")) == nil)  // the dumb protocol
        #expect(GitSmartHTTP.isPush(rest: "/git-receive-pack", request: request("POST")) == true)
        #expect(GitSmartHTTP.isPush(rest: "/git-upload-pack", request: request("GET")) == nil)
        #expect(GitSmartHTTP.isPush(rest: "/objects/info/packs", request: request("GET")) == nil)
    }

    @Test func theBackendsHeaderBlockGivesStatusAndHeaders() throws {
        let output = Array("Status: 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nbody".utf8)
        let end = try #require(HTTPBackend.OutputReader.headerEnd(output))
        #expect(Array(output[end.body...]) == Array("body".utf8))
        let (status, headers) = HTTPBackend.OutputReader.parse(output[..<end.headers])
        #expect(status == 403 && headers.count == 1 && headers[0] == ("Content-Type", "text/plain"))
        let plain = Array("Content-Type: application/x-git-upload-pack-advertisement\n\n0000".utf8)
        let plainEnd = try #require(HTTPBackend.OutputReader.headerEnd(plain))
        #expect(HTTPBackend.OutputReader.parse(plain[..<plainEnd.headers]).0 == 200)
        #expect(HTTPBackend.OutputReader.headerEnd(Array("Content-Type: x\r\n".utf8)) == nil)
    }

    @Test func repositoryNamesFollowCodeCommitsRule() throws {
        #expect(try CodeCommitService.validName("my_repo.v2-x") == "my_repo.v2-x")
        #expect(throws: GitError.self) { try CodeCommitService.validName("") }
        #expect(throws: GitError.self) { try CodeCommitService.validName(nil) }
        #expect(throws: GitError.self) { try CodeCommitService.validName("has space") }
        #expect(throws: GitError.self) { try CodeCommitService.validName("code.git") }
        #expect(throws: GitError.self) { try CodeCommitService.validName(String(repeating: "a", count: 101)) }
        #expect(throws: GitError.self) { try CodeCommitService.validName("../escape") }
    }
}

/// The forge's namespaces: logins made from IAM names, GitHub's layout of git paths, stable numeric ids.
@Suite struct ForgeNamingTests {
    @Test func loginsAreWhatGitHubAccepts() {
        #expect(Owners.sanitized("dana.smith@example") == "dana-smith-example")
        #expect(Owners.sanitized("ci_bot+1") == "ci-bot-1")
        #expect(Owners.sanitized("__") == "")
        #expect(Owners.sanitized(String(repeating: "a", count: 60)).count == 39)
        #expect(Owners.isLogin("mlops-team") && Owners.isLogin("111111111111"))
        #expect(!Owners.isLogin("-x") && !Owners.isLogin("x-") && !Owners.isLogin("a--b") && !Owners.isLogin("_slipway") && !Owners.isLogin(""))
    }

    @Test func gitHubsLayoutNamesOwnerRepositoryAndGitsPath() throws {
        let found = try #require(GitSmartHTTP.githubLayout("/mlops/models.git/info/refs"))
        #expect(found.owner == "mlops" && found.name == "models" && found.rest == "/info/refs")
        #expect(GitSmartHTTP.githubLayout("/mlops/models/info/refs") == nil)
        #expect(GitSmartHTTP.githubLayout("/_slipway/x.git/info/refs") == nil)
        #expect(GitSmartHTTP.githubLayout("/api/v3") == nil)
        #expect(GitSmartHTTP.githubLayout("/mlops/.git/info/refs") == nil)
    }

    @Test func numericIDsAreStableAndFitJSON() {
        let id = GitHubIDs.number(for: "repository:abc")
        #expect(id == GitHubIDs.number(for: "repository:abc") && id != GitHubIDs.number(for: "repository:abd"))
        #expect(id > 0 && id < 1 << 48)
        #expect(GitHubJSON.timestamp(Date(timeIntervalSince1970: 1_796_558_400)) == "2026-12-06T12:00:00Z")
    }
}
