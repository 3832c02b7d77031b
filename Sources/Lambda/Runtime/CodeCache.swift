import Foundation

/// Unpacked deployment packages, one directory per package hash under the data directory, made on first use.
struct CodeCache: Sendable {
    let root: URL

    /// A file-system-safe name for a base64 SHA-256.
    static func directoryName(_ sha: String) -> String {
        String(sha.map { $0 == "/" ? "_" : $0 == "+" ? "-" : $0 }.filter { $0 != "=" })
    }

    /// Removes the unpacked copy of a package no version uses any more.
    func remove(sha: String) {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(Self.directoryName(sha)))
    }

    /// The unpacked package `sha`, unpacking `zip()` with `python` when it is not there yet. Its files are readable by
    /// all, as Lambda requires, since the sandbox's user is not the server's.
    func directory(sha: String, python: String, zip: () async throws -> [UInt8]) async throws -> URL {
        let target = root.appendingPathComponent(Self.directoryName(sha))
        if FileManager.default.fileExists(atPath: target.path) { return target }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let staging = root.appendingPathComponent(".unpack-\(UUID().uuidString)")
        let archive = staging.appendingPathExtension("zip")
        try Data(try await zip()).write(to: archive)
        defer { try? FileManager.default.removeItem(at: archive) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import os, sys, zipfile; os.umask(0o022); zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", archive.path, staging.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
        guard process.terminationStatus == 0 else {
            try? FileManager.default.removeItem(at: staging)
            throw LambdaError.invalid("Could not unzip uploaded file. Please check your file, then try to upload again.")
        }
        do {
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            // Another worker unpacked the same package first.
            try? FileManager.default.removeItem(at: staging)
            guard FileManager.default.fileExists(atPath: target.path) else { throw error }
        }
        return target
    }
}
