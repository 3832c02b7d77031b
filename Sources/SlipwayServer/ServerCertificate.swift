import Crypto
import Foundation
import SwiftASN1
import X509

/// The certificate Slipway's HTTPS listener presents when the administrator gives none: made on first start under
/// `<data-dir>/tls/` — a one-off certificate authority (`ca.pem`, what clients trust: `GIT_SSL_CAINFO`,
/// `AWS_CA_BUNDLE`) whose private key is thrown away once it signed the server's certificate for the loopback
/// names and the listening host — and kept for later starts.
public enum ServerCertificate {
    /// The files a listener needs, and the one clients trust.
    public struct Files: Sendable {
        public let certificate: URL
        public let privateKey: URL
        public let authority: URL
    }

    /// The files in `directory`, made now if any is missing.
    public static func ensure(in directory: URL, host: String, now: Date = Date()) throws -> Files {
        let files = Files(
            certificate: directory.appendingPathComponent("server.pem"), privateKey: directory.appendingPathComponent("server-key.pem"),
            authority: directory.appendingPathComponent("ca.pem")
        )
        let manager = FileManager.default
        if [files.certificate, files.privateKey, files.authority].allSatisfy({ manager.fileExists(atPath: $0.path) }) { return files }
        try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])

        let authorityKey = P256.Signing.PrivateKey()
        let authorityName = try DistinguishedName {
            OrganizationName("Slipway")
            CommonName("Slipway local certificate authority \(UUID().uuidString.prefix(8).lowercased())")
        }
        let authority = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(authorityKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: authorityName, subject: authorityName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(authorityKey.publicKey))
            },
            issuerPrivateKey: .init(authorityKey)
        )

        let serverKey = P256.Signing.PrivateKey()
        var names: [GeneralName] = [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                                    .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1])))]
        if let address = IPv4Address(host) {
            if address.bytes != [127, 0, 0, 1] { names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(address.bytes)))) }
        } else if !host.isEmpty, host != "localhost", !host.contains(":") {
            names.append(.dnsName(host))
        }
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(825 * 86_400),
            issuer: authorityName, subject: try DistinguishedName { OrganizationName("Slipway"); CommonName("Slipway") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                AuthorityKeyIdentifier(keyIdentifier: try authority.extensions.subjectKeyIdentifier?.keyIdentifier)
            },
            issuerPrivateKey: .init(authorityKey)
        )
        try write(serverKey.pemRepresentation, to: files.privateKey, mode: 0o600)
        try write(try server.serializeAsPEM().pemString, to: files.certificate, mode: 0o644)
        try write(try authority.serializeAsPEM().pemString, to: files.authority, mode: 0o644)
        return files
    }

    static func write(_ text: String, to url: URL, mode: Int) throws {
        try? FileManager.default.removeItem(at: url)
        guard FileManager.default.createFile(atPath: url.path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: mode]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// A dotted IPv4 address's four bytes.
    struct IPv4Address {
        let bytes: [UInt8]
        init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
            guard parts.count == 4, parts.allSatisfy({ $0 != nil }) else { return nil }
            bytes = parts.compactMap { $0 }
        }
    }
}
