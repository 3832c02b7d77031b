import BlobStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import MetadataStore
import MetadataStorePostgres
import MetadataStoreSQLite

/// The data directory's files besides the database: the shared credentials file and the database choice.
enum DataDirectory {
    /// Creates the directory (mode 0700) if needed.
    static func prepare(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// What `serve` records so admin commands open the same database.
    struct Settings: Codable {
        var databaseURL: String?
        var endpoint: String
        var region: String
    }

    static func writeSettings(_ settings: Settings, to url: URL) throws {
        let data = try JSONEncoder().encode(settings)
        try writeAtomically(data, to: url, mode: 0o600)
    }

    static func readSettings(_ url: URL) -> Settings? {
        (try? Data(contentsOf: url)).flatMap { try? JSONDecoder().decode(Settings.self, from: $0) }
    }

    /// Opens the configured database: PostgreSQL for a `postgres://` URL, else SQLite in the data directory.
    static func openDatabase(url: String?, sqlitePath: String, logger: Logger) async throws -> any MetadataDatabase {
        if let url {
            return try await PostgresMetadataDatabase.connect(url: url, logger: logger)
        }
        return try await SQLiteMetadataDatabase.open(path: sqlitePath, logger: logger)
    }

    /// Adds or replaces one profile in an AWS shared-credentials file, keeping the others; the file stays 0600.
    static func storeProfile(_ profile: String, accessKeyID: String, secretAccessKey: String, in file: URL) throws {
        let existing = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        var sections: [(name: String, lines: [String])] = []
        for line in existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                sections.append((String(trimmed.dropFirst().dropLast()), []))
            } else if !trimmed.isEmpty, !sections.isEmpty {
                sections[sections.count - 1].lines.append(trimmed)
            }
        }
        sections.removeAll { $0.name == profile }
        sections.append((profile, ["aws_access_key_id = \(accessKeyID)", "aws_secret_access_key = \(secretAccessKey)"]))
        let text = sections.map { "[\($0.name)]\n" + $0.lines.joined(separator: "\n") + "\n" }.joined(separator: "\n")
        try writeAtomically(Data(text.utf8), to: file, mode: 0o600)
    }

    /// The key object bytes are sealed under (SSE-S3): `keys/blob-sealing.key`.
    static func sealingKey(in directory: URL) throws -> [UInt8] { try key(named: "blob-sealing", in: directory) }

    /// A 32-byte key `keys/NAME.key`, created once (0600) and never replaced, even when several servers share the
    /// directory and start together.
    static func key(named name: String, in directory: URL) throws -> [UInt8] {
        let keys = directory.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = keys.appendingPathComponent("\(name).key")
        if !FileManager.default.fileExists(atPath: file.path) {
            let temporary = keys.appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
            try writeAtomically(Data(BlobSealing.newMasterKey()), to: temporary, mode: 0o600)
            // link(2) fails if another server made the key first; then its key is the one.
            if link(temporary.path, file.path) != 0 && errno != EEXIST {
                let error = errno
                unlink(temporary.path)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO)])
            }
            unlink(temporary.path)
        }
        return Array(try Data(contentsOf: file))
    }

    /// Writes through a temporary file, fsync and rename, so a crash leaves the old file or the new one.
    static func writeAtomically(_ data: Data, to url: URL, mode: Int) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: mode]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let handle = try FileHandle(forWritingTo: temporary)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
