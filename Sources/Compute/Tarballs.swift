import Foundation

/// Gzipped tar archives as SageMaker moves model data and code: made from a directory's contents (links kept as
/// links, never followed) and extracted into one (never as their archived owners or modes), with Debian's `tar`.
public enum Tarballs {
    /// Why an archive could not be made or read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// A gzipped tar of `directory`'s contents, made through a file in `scratch`.
    public static func make(of directory: URL, in scratch: URL) async throws -> [UInt8] {
        let file = scratch.appendingPathComponent(UUID().uuidString + ".tar.gz")
        defer { try? FileManager.default.removeItem(at: file) }
        try await run(["-czf", file.path, "-C", directory.path, "."], action: "made")
        return Array(try Data(contentsOf: file))
    }

    /// Extracts the archive at `archive` into `directory`.
    public static func extract(_ archive: URL, into directory: URL) async throws {
        try await run(["-xzf", archive.path, "-C", directory.path, "--no-same-owner", "--no-same-permissions"], action: "read")
    }

    /// Extracts archive bytes into `directory`, through a file in `scratch`.
    public static func extract(_ bytes: [UInt8], into directory: URL, scratch: URL) async throws {
        let file = scratch.appendingPathComponent(UUID().uuidString + ".tar.gz")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await extract(file, into: directory)
    }

    /// Runs `tar`, awaiting its exit without holding a thread.
    private static func run(_ arguments: [String], action: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let status: Int32 = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
        guard status == 0 else {
            throw Failure(description: "The gzipped tar archive could not be \(action) (tar exited with status \(status)).")
        }
    }
}
