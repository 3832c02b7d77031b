import Foundation
import Synchronization
import Wire

/// Git's own `git http-backend`, run as a CGI program for one request: the request body spooled to a file and fed as
/// its input, its output's CGI headers turned into the answer's status and headers, the rest streamed as the body.
enum HTTPBackend {
    static let executable = "/usr/lib/git-core/git-http-backend"
    /// Why a request got no answer from the backend.
    enum Failure: Error {
        /// The request body is over `maxRequestBytes`: the client's to fix.
        case tooLarge
        /// The backend ended without a well-formed answer.
        case noAnswer(String)
    }

    /// The largest request body (a pushed pack) taken.
    static let maxRequestBytes = 2 * 1024 * 1024 * 1024

    /// What one request needs besides its own headers.
    struct Call: Sendable {
        var projectRoot: URL
        /// `/<directory>.git/<git's path>`.
        var pathInfo: String
        var remoteUser: String
        var remoteAddress: String?
        /// The file the `post-receive` hook appends the pushed refs to.
        var pushReport: URL?
        var scratch: URL
    }

    /// Runs the backend; `finished` is called with its exit status once its answer has been read to the end.
    static func run(_ request: WireRequest, _ call: Call, finished: @escaping @Sendable (Int32) async -> Void) async throws -> WireResponse {
        let spool = call.scratch.appendingPathComponent("git-request-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: call.scratch, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: spool.path, contents: nil) else {
            throw Failure.noAnswer("cannot spool the request body")
        }
        let length: Int
        do {
            length = try await spoolBody(request.bodyStream, to: spool)
        } catch {
            try? FileManager.default.removeItem(at: spool)
            throw error
        }
        var environment = GitCommand.environment([
            "GIT_PROJECT_ROOT": call.projectRoot.path, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": call.pathInfo,
            "REQUEST_METHOD": request.method, "QUERY_STRING": request.rawQuery, "REMOTE_USER": call.remoteUser,
            "REMOTE_ADDR": call.remoteAddress ?? "127.0.0.1", "CONTENT_LENGTH": String(length), "GATEWAY_INTERFACE": "CGI/1.1",
        ])
        if let type = request.header("Content-Type") { environment["CONTENT_TYPE"] = type }
        if let encoding = request.header("Content-Encoding") { environment["HTTP_CONTENT_ENCODING"] = encoding }
        if let version = request.header("Git-Protocol") { environment["GIT_PROTOCOL"] = version }
        if let report = call.pushReport { environment["SLIPWAY_PUSH_REPORT"] = report.path }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.environment = environment
        process.currentDirectoryURL = call.projectRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice  // git reports its errors to the client over the protocol
        process.standardInput = try FileHandle(forReadingFrom: spool)
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: spool)
            throw error
        }
        try? FileManager.default.removeItem(at: spool)  // the backend holds it open
        let (exits, exited) = AsyncStream<Int32>.makeStream()
        let reader = OutputReader(output.fileHandleForReading, process: process, exited: exited)

        let (status, headers) = try await reader.headers()
        var response = WireResponse(status: status)
        response.headers = headers
        let done = Mutex(false)
        response.bodyStream = ByteStream(length: nil) {
            if let chunk = try await reader.next() { return chunk }
            if done.withLock({ flag in defer { flag = true }; return flag }) { return nil }
            var code: Int32 = -1
            for await value in exits { code = value }
            await finished(code)
            return nil
        }
        return response
    }

    /// Writes the request body to `file`; its length.
    static func spoolBody(_ body: ByteStream?, to file: URL) async throws -> Int {
        guard let body else { return 0 }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var length = 0
        for try await chunk in body {
            length += chunk.count
            guard length <= maxRequestBytes else { throw Failure.tooLarge }
            try handle.write(contentsOf: chunk)
        }
        return length
    }

    /// The backend's output as it comes: the CGI header block first, then the body's chunks. Dropping it before the
    /// end (a client gone) stops the backend.
    final class OutputReader: @unchecked Sendable {
        private var iterator: AsyncStream<[UInt8]>.AsyncIterator
        private var leftover: [UInt8] = []
        private let process: Process

        /// Reads `handle` to its end on a thread of its own (blocking reads never hold a task's thread), then reports
        /// the process's exit status to `exited`.
        init(_ handle: FileHandle, process: Process, exited: AsyncStream<Int32>.Continuation) {
            self.process = process
            let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
            let thread = Thread {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    continuation.yield(Array(data))
                }
                continuation.finish()
                try? handle.close()
                process.waitUntilExit()
                exited.yield(process.terminationStatus)
                exited.finish()
            }
            thread.start()
            iterator = stream.makeAsyncIterator()
        }

        deinit {
            if process.isRunning { process.terminate() }
        }

        /// The status and headers the backend printed (`Status: 404 Not Found`, else 200).
        func headers() async throws -> (Int, [(String, String)]) {
            var buffer: [UInt8] = []
            while true {
                if let end = Self.headerEnd(buffer) {
                    leftover = Array(buffer[end.body...])
                    return Self.parse(buffer[..<end.headers])
                }
                guard let chunk = await iterator.next() else {
                    throw Failure.noAnswer("git http-backend ended without an answer")
                }
                buffer += chunk
                if buffer.count > 65_536 { throw Failure.noAnswer("git http-backend's headers are too long") }
            }
        }

        func next() async throws -> [UInt8]? {
            if !leftover.isEmpty {
                defer { leftover = [] }
                return leftover
            }
            return await iterator.next()
        }

        /// Where the header block ends (`\r\n\r\n` or `\n\n`) and the body starts.
        static func headerEnd(_ bytes: [UInt8]) -> (headers: Int, body: Int)? {
            var index = 0
            while index < bytes.count {
                if bytes[index] == 10 {
                    if index + 1 < bytes.count, bytes[index + 1] == 10 { return (index, index + 2) }
                    if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 { return (index, index + 3) }
                }
                index += 1
            }
            return nil
        }

        static func parse(_ block: ArraySlice<UInt8>) -> (Int, [(String, String)]) {
            var status = 200
            var headers: [(String, String)] = []
            for line in String(decoding: block, as: UTF8.self).split(whereSeparator: \.isNewline) {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if name.lowercased() == "status" {
                    status = Int(value.prefix(3)) ?? 500
                } else {
                    headers.append((name, value))
                }
            }
            return (status, headers)
        }
    }
}
