import Foundation
@testable import SlipwayServer
import Testing
import X509

@Suite("The HTTPS listener's own certificate")
struct ServerCertificateTests {
    func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("slipway-tls-\(UUID().uuidString)")
    }

    @Test func aServerCertificateForTheLoopbackNamesIsSignedByAnAuthorityWhoseKeyIsNotKept() throws {
        let folder = directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try ServerCertificate.ensure(in: folder, host: "10.1.2.3")
        let server = try Certificate(pemEncoded: try String(contentsOf: files.certificate, encoding: .utf8))
        let authority = try Certificate(pemEncoded: try String(contentsOf: files.authority, encoding: .utf8))
        #expect(server.issuer == authority.subject)
        #expect(authority.publicKey.isValidSignature(server.signature, for: server))
        #expect(try authority.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(try server.extensions.basicConstraints == .notCertificateAuthority)
        let names = try #require(try server.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains(.ipAddress(.init(contentBytes: [127, 0, 0, 1]))))
        #expect(names.contains(.ipAddress(.init(contentBytes: [10, 1, 2, 3]))))
        // Only the server's key is on disk, readable by the server alone.
        let listing = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(listing == ["ca.pem", "server-key.pem", "server.pem"])
        let mode = try FileManager.default.attributesOfItem(atPath: files.privateKey.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func theFilesAreKeptAcrossStarts() throws {
        let folder = directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try ServerCertificate.ensure(in: folder, host: "127.0.0.1")
        let pem = try String(contentsOf: first.certificate, encoding: .utf8)
        let again = try ServerCertificate.ensure(in: folder, host: "127.0.0.1")
        #expect(try String(contentsOf: again.certificate, encoding: .utf8) == pem)
    }
}
