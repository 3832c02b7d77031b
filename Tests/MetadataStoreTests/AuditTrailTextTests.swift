import Foundation
import Logging
import MetadataStore
import ServiceKit
import Testing

/// The audit trail keeps a record whatever text a request put in it: a NUL (which PostgreSQL cannot store) becomes
/// U+FFFD instead of failing the batch, which was retried, and failed, at every flush after it.
@Suite("Audit trail text")
struct AuditTrailTextTests {
    @Test(arguments: Engine.available)
    func nulCharactersAreKeptAsReplacementCharacters(engine: Engine) async throws {
        let (db, cleanup) = try await engine.open()
        defer { cleanup() }
        _ = try await Migrator(database: db).migrate(AuditLog.migrations)
        let audit = AuditLog(database: db, logger: Logger(label: "test"))
        let marker = UUID().uuidString
        let now = Date()
        func record(_ suffix: String, resource: String) -> AuditRecord {
            AuditRecord(
                time: now, requestID: marker + suffix, account: "111111111111", principal: "arn:aws:iam::111111111111:root", accessKeyID: nil,
                service: "s3", operation: "GetObject", resource: resource, decision: .failed, errorCode: "InvalidURI", httpStatus: 400,
                sourceIP: "127.0.0.1"
            )
        }
        audit.record(record("-nul", resource: "arn:aws:s3:::b/a\u{0}b"))
        audit.record(record("-plain", resource: "arn:aws:s3:::b/plain"))
        try await audit.flush()
        audit.record(record("-later", resource: "arn:aws:s3:::b/later"))
        try await audit.flush()
        let kept = try await AuditLog.records(in: db, since: now.addingTimeInterval(-1)).filter { $0.requestID.hasPrefix(marker) }
        #expect(kept.map(\.requestID) == [marker + "-nul", marker + "-plain", marker + "-later"])
        #expect(kept.first?.resource == "arn:aws:s3:::b/a\u{FFFD}b")
    }
}
