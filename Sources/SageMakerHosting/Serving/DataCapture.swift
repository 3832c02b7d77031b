import Foundation
import ServiceKit
import SlipwayCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An endpoint's data capture: the sampled invocations of each variant written, in SageMaker's record format, to
/// JSON Lines files under `{DestinationS3Uri}/{endpoint}/{variant}/yyyy/mm/dd/hh/{mm}-{ss}-{mmm}-{uuid}.jsonl`. Records
/// go to a local file first (synced every second, so a crash loses at most the last second), and each file is
/// uploaded as the variant's role within a minute of its first record, when the endpoint stops serving the
/// deployment, and — for files a crash left behind — when the endpoint is brought back.
final class DataCapture: Sendable {
    let config: DataCaptureConfigShape
    let endpoint: String
    let directory: URL
    let upload: @Sendable (_ variant: String, _ key: String, _ bytes: [UInt8]) async throws -> Void
    private let open = Mutex<[String: OpenFile]>([:])
    private let loop = Mutex<Task<Void, Never>?>(nil)

    /// A capture file being written: where it will go and the handle records are appended through.
    final class OpenFile: Sendable {
        let path: String
        let variant: String
        let key: String
        let opened: Date
        let descriptor: Int32
        let dirty = Mutex(false)

        init(path: String, variant: String, key: String, opened: Date, descriptor: Int32) {
            self.path = path
            self.variant = variant
            self.key = key
            self.opened = opened
            self.descriptor = descriptor
        }
    }

    /// How long a file collects records before it is uploaded.
    static let flushSeconds: TimeInterval = 60

    init(config: DataCaptureConfigShape, endpoint: String, directory: URL, upload: @escaping @Sendable (String, String, [UInt8]) async throws -> Void) {
        self.config = config
        self.endpoint = endpoint
        self.directory = directory
        self.upload = upload
    }

    var enabled: Bool { config.enableCapture ?? true }

    /// Whether this invocation is one of the sampled ones.
    func samples() -> Bool {
        enabled && Int.random(in: 0..<100) < config.initialSamplingPercentage
    }

    var capturesInput: Bool { config.captureOptions.contains { $0.captureMode == "Input" || $0.captureMode == "InputAndOutput" } }
    var capturesOutput: Bool { config.captureOptions.contains { $0.captureMode == "Output" || $0.captureMode == "InputAndOutput" } }

    /// SageMaker's encoding of captured data: CSV or JSON text for the content types the configuration lists, else base64.
    func encoding(of contentType: String) -> String {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if (config.captureContentTypeHeader?.csvContentTypes ?? []).contains(where: { $0.lowercased() == type }) { return "CSV" }
        if (config.captureContentTypeHeader?.jsonContentTypes ?? []).contains(where: { $0.lowercased() == type }) { return "JSON" }
        return "BASE64"
    }

    func section(_ data: [UInt8], contentType: String, mode: String) -> [String: String] {
        let encoding = encoding(of: contentType)
        let text = encoding == "BASE64" ? Data(data).base64EncodedString() : String(decoding: data, as: UTF8.self)
        return ["observedContentType": contentType, "mode": mode, "data": text, "encoding": encoding]
    }

    /// One captured invocation as SageMaker writes it.
    func record(input: [UInt8], inputType: String, output: [UInt8], outputType: String, inferenceID: String?, at time: Date) -> [UInt8] {
        var captured: [String: [String: String]] = [:]
        if capturesInput { captured["endpointInput"] = section(input, contentType: inputType, mode: "INPUT") }
        if capturesOutput { captured["endpointOutput"] = section(output, contentType: outputType, mode: "OUTPUT") }
        var metadata = ["eventId": UUID().uuidString.lowercased(), "inferenceTime": Self.iso(time)]
        if let inferenceID { metadata["inferenceId"] = inferenceID }
        let object: [String: Any] = ["captureData": captured, "eventMetadata": metadata, "eventVersion": "0"]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// `2023-11-14T22:13:20Z`, as SageMaker writes `inferenceTime` (a value-type format: no formatter made per record).
    static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// The S3 key a file opened at `date` gets.
    func key(variant: String, opened date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let prefix = ObjectLocation.parse(url: config.destinationS3Uri)?.key ?? ""
        let base = prefix.isEmpty ? "" : (prefix.hasSuffix("/") ? prefix : prefix + "/")
        return String(
            format: "%@%@/%@/%04d/%02d/%02d/%02d/%02d-%02d-%03d-%@.jsonl", base, endpoint, variant, parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, (parts.nanosecond ?? 0) / 1_000_000, UUID().uuidString.lowercased()
        )
    }

    /// Appends a captured invocation of `variant` to its open file.
    func append(_ record: [UInt8], variant: String, at time: Date) {
        let file = open.withLock { files -> OpenFile? in
            if let file = files[variant] { return file }
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let key = key(variant: variant, opened: time)
            // A file beside it says where it goes, so a file a crash left behind is still uploaded to its key.
            let name = UUID().uuidString.lowercased()
            let path = directory.appendingPathComponent(name + ".jsonl").path
            guard (try? (variant + "\n" + key).write(toFile: directory.appendingPathComponent(name + ".key").path, atomically: true, encoding: .utf8)) != nil else {
                return nil
            }
            let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            guard descriptor >= 0 else { return nil }
            let file = OpenFile(path: path, variant: variant, key: key, opened: time, descriptor: descriptor)
            files[variant] = file
            return file
        }
        guard let file else { return }
        record.withUnsafeBytes { _ = write(file.descriptor, $0.baseAddress, $0.count) }
        file.dirty.withLock { $0 = true }
        startLoop()
    }

    /// Every second: syncs what was appended; uploads files older than the flush interval.
    private func startLoop() {
        loop.withLock { task in
            guard task == nil else { return }
            task = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    guard let self else { return }
                    let files = self.open.withLock { Array($0.values) }
                    for file in files where file.dirty.withLock({ dirty in defer { dirty = false }; return dirty }) { fsync(file.descriptor) }
                    let due = files.filter { Date().timeIntervalSince($0.opened) >= Self.flushSeconds }
                    for file in due { await self.close(file) }
                    if self.open.withLock({ $0.isEmpty }) {
                        self.loop.withLock { $0 = nil }
                        return
                    }
                }
            }
        }
    }

    private func close(_ file: OpenFile) async {
        open.withLock { files in
            if files[file.variant] === file { files.removeValue(forKey: file.variant) }
        }
        fsync(file.descriptor)
        Glibc.close(file.descriptor)
        await Self.ship(path: file.path, upload: upload)
    }

    /// Uploads every open file now (the deployment stops serving).
    func flush() async {
        loop.withLock { $0?.cancel(); $0 = nil }
        for file in open.withLock({ Array($0.values) }) { await close(file) }
    }

    /// Uploads one local capture file and removes it; keeps it when the upload fails (the next recovery tries again).
    static func ship(path: String, upload: @Sendable (String, String, [UInt8]) async throws -> Void) async {
        let sidecar = String(path.dropLast(".jsonl".count)) + ".key"
        guard let target = try? String(contentsOfFile: sidecar, encoding: .utf8), let newline = target.firstIndex(of: "\n"),
              let bytes = FileManager.default.contents(atPath: path)
        else { return }
        let variant = String(target[..<newline]), key = String(target[target.index(after: newline)...])
        if !bytes.isEmpty {
            do { try await upload(variant, key, Array(bytes)) } catch { return }
        }
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: sidecar)
    }

    /// Uploads the files a crash left in `directory`.
    func recoverLeftovers() async {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let open = self.open.withLock { Set($0.values.map(\.path)) }
        for name in names where name.hasSuffix(".jsonl") {
            let path = directory.appendingPathComponent(name).path
            if !open.contains(path) { await Self.ship(path: path, upload: upload) }
        }
    }
}
