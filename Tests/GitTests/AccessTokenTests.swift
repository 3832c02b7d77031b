import Foundation
import ServiceKit
import SlipwayCore
import Testing
@testable import Git

/// Personal access tokens: their shape, what is kept of them, and the owner they act as.
@Suite struct AccessTokenTests {
    func record(kind: String, name: String?, scopes: [String]) -> AccessTokenRecord {
        AccessTokenRecord(
            id: "gt-1", account: "111111111111", name: "ci", scopes: scopes, hash: SecretTokens.hash("slp_x"), prefix: "slp_x", created: Date(),
            expires: nil, lastUsed: nil, ownerArn: name.map { "arn:aws:iam::111111111111:user/\($0)" } ?? "arn:aws:iam::111111111111:root",
            ownerKind: kind, ownerName: name, ownerUserID: name == nil ? "111111111111" : "AIDAEXAMPLE", ownerTags: ["team": "ml"]
        )
    }

    @Test func tokensAreSafeToSendAnywhereAndOnlyTheirHashIsKept() {
        let token = AccessTokens.newToken()
        #expect(token.count == 44 && token.hasPrefix("slp_"))
        #expect(token.dropFirst(4).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(AccessTokens.newToken() != token)
        let hash = SecretTokens.hash(token)
        #expect(hash.count == 64 && !hash.contains(token) && hash == SecretTokens.hash(token))
    }

    @Test func aTokenActsAsItsOwnerWithTheOwnersTags() throws {
        let user = try #require(record(kind: "user", name: "dana", scopes: ["repo"]).principal)
        #expect(user.arn == "arn:aws:iam::111111111111:user/dana" && user.userID == "AIDAEXAMPLE" && user.tags == ["team": "ml"])
        guard case .user(let name) = user.kind else { Issue.record("not a user: \(user.kind)"); return }
        #expect(name == "dana")
        let root = try #require(record(kind: "root", name: nil, scopes: ["repo"]).principal)
        guard case .root = root.kind else { Issue.record("not root: \(root.kind)"); return }
        #expect(record(kind: "assumed-role", name: "x", scopes: ["repo"]).principal == nil)
        #expect(record(kind: "user", name: nil, scopes: ["repo"]).principal == nil)
    }

    @Test func scopesCoverTheirSubScopes() {
        let token = record(kind: "root", name: nil, scopes: ["repo", "admin:org"])
        #expect(token.allows("repo") && token.allows("repo:status") && token.allows("admin:org"))
        #expect(!token.allows("workflow") && !token.allows("read:org"))
    }

    @Test func aRequestedTokenGetsTheDefaultScopesAndIsRefusedWhatIsOutOfBounds() throws {
        #expect(try AccessTokens.requested(name: "ci", scopes: nil, expiresInDays: nil) == ["repo", "workflow"])
        #expect(try AccessTokens.requested(name: String(repeating: "n", count: 100), scopes: ["read:org"], expiresInDays: 366) == ["read:org"])
        func refused(_ name: String, _ scopes: [String]?, _ days: Int?, _ text: String) {
            #expect {
                _ = try AccessTokens.requested(name: name, scopes: scopes, expiresInDays: days)
            } throws: { error in
                (error as? GitError).map { $0.code == "ValidationException" && $0.message.contains(text) } ?? false
            }
        }
        refused("", nil, nil, "1 to 100 characters")
        refused("two\nlines", nil, nil, "one line")
        refused(String(repeating: "n", count: 101), nil, nil, "1 to 100")
        refused("ci", [], nil, "Unknown scopes")
        refused("ci", ["repo", "gist"], nil, "Unknown scopes: gist;")
        refused("ci", nil, 0, "between 1 and 366")
        refused("ci", nil, 367, "between 1 and 366")
    }
}
