import Foundation
import Synchronization

/// Each function's log, one file per function under the data directory: what its handler printed and the
/// START/END/REPORT lines Lambda adds, readable with `slipway logs function NAME`.
final class FunctionLogs: Sendable {
    let root: URL
    /// Open files by function ARN; appends are serialized per file by the lock.
    private let files = Mutex<[String: FileHandle]>([:])
    /// Files are capped; a file past this size starts over with its newest half.
    static let maxFileSize = 8 * 1024 * 1024

    init(root: URL) {
        self.root = root
    }

    func path(account: String, region: String, name: String) -> URL {
        root.appendingPathComponent(account).appendingPathComponent(region).appendingPathComponent("\(name).log")
    }

    /// Appends `text` to the function's log.
    func append(_ text: String, account: String, region: String, name: String) {
        let url = path(account: account, region: region, name: name)
        files.withLock { open in
            let handle: FileHandle
            if let existing = open[url.path] {
                handle = existing
            } else {
                try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
                guard let opened = try? FileHandle(forWritingTo: url) else { return }
                _ = try? opened.seekToEnd()
                open[url.path] = opened
                handle = opened
            }
            try? handle.write(contentsOf: Data(text.utf8))
            if let size = try? handle.offset(), size > Self.maxFileSize {
                try? handle.close()
                open[url.path] = nil
                Self.keepNewestHalf(url)
            }
        }
    }

    /// The whole log of a function ("" when it has none).
    func read(account: String, region: String, name: String) -> String {
        let url = path(account: account, region: region, name: name)
        return files.withLock { _ in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
    }

    /// Forgets a deleted function's log.
    func remove(account: String, region: String, name: String) {
        let url = path(account: account, region: region, name: name)
        files.withLock { open in
            try? open.removeValue(forKey: url.path)?.close()
            try? FileManager.default.removeItem(at: url)
        }
    }

    private static func keepNewestHalf(_ url: URL) {
        guard let data = try? Data(contentsOf: url) else { return }
        let tail = data.suffix(maxFileSize / 2)
        let start = tail.firstIndex(of: UInt8(ascii: "\n")).map { tail.index(after: $0) } ?? tail.startIndex
        try? Data(tail[start...]).write(to: url)
    }
}
