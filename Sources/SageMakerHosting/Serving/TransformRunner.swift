import Foundation
import Logging
import NIOCore
import ServiceKit
import SlipwayCore
import Synchronization

/// Runs transform jobs: the model's serving profile started as model servers (one per instance), every input object
/// split into records (`SplitType`), batched (`BatchStrategy`, `MaxPayloadInMB`), sent to `/invocations` with the
/// input's `ContentType` and the output's `Accept`, and the answers assembled (`AssembleWith`) into
/// `<S3OutputPath>/<key>.out`. Each job runs under a lease its server renews; a job whose server stopped is failed.
final class TransformRunner: Sendable {
    let jobs: HostingTable<TransformJobRecord>
    let launcher: ModelServerLauncher
    let objects: any ObjectPort
    let clock: any WallClock
    let owner: String
    let lease: TimeInterval
    private let stopRequested = Mutex<Set<String>>([])

    static let maxObjectBytes = 1 << 30

    init(jobs: HostingTable<TransformJobRecord>, launcher: ModelServerLauncher, objects: any ObjectPort, clock: any WallClock, owner: String, lease: TimeInterval) {
        self.jobs = jobs
        self.launcher = launcher
        self.objects = objects
        self.clock = clock
        self.owner = owner
        self.lease = lease
    }

    func start(_ job: TransformJobRecord) {
        Task { await run(job) }
    }

    /// Asks a running job to stop after the request it is making.
    func stop(_ arn: String) { stopRequested.withLock { _ = $0.insert(arn) } }

    private func run(_ initial: TransformJobRecord) async {
        let arn = initial.arn
        let deployment = Deployment(id: "job", configName: "", variants: [initial.variant], dataCapture: nil, started: clock.now())
        let renewal = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(lease / 3))
                if Task.isCancelled { return }
                _ = try? await jobs.renew(arn, owner: owner, until: clock.now().addingTimeInterval(lease))
                await launcher.renewCredentials(deployment, endpoint: initial)
            }
        }
        var instances: [ModelServerInstance] = []
        var outcome: (status: String, reason: String?)
        do {
            let prepared = try await launcher.prepare(initial.variant, of: deployment, endpoint: initial)
            for _ in 0..<max(1, initial.request.transformResources.instanceCount) {
                instances.append(try await launcher.launch(prepared, variant: initial.variant, endpoint: initial))
            }
            outcome = try await transform(initial, instances: instances)
        } catch {
            outcome = ("Failed", String("\(error)".prefix(1024)))
        }
        for instance in instances { instance.stop() }
        launcher.remove(endpoint: initial)
        renewal.cancel()
        stopRequested.withLock { _ = $0.remove(arn) }
        let now = clock.now(), final = outcome
        _ = try? await jobs.modify(arn) { job in
            job.status = final.status
            job.failureReason = final.reason
            job.ended = now
            job.modified = now
        }
        try? await jobs.release(arn, owner: owner)
    }

    /// The bucket and key (or prefix) of an `s3://` URI.
    static func bucketAndKey(_ uri: String) -> (String, String)? {
        guard uri.hasPrefix("s3://") else { return nil }
        let rest = uri.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        guard !bucket.isEmpty else { return nil }
        return (bucket, String(rest.dropFirst(bucket.count).drop { $0 == "/" }))
    }

    /// One request's worth of records.
    struct Batch {
        var body: [UInt8]
    }

    private func transform(_ job: TransformJobRecord, instances: [ModelServerInstance]) async throws -> (String, String?) {
        let request = job.request
        let context = try await launcher.session(job.variant.roleArn, job)
        let source = request.transformInput.dataSource.s3DataSource
        guard let (bucket, prefix) = Self.bucketAndKey(source.s3Uri) else { throw ServingFailure("ClientError: \(source.s3Uri) is not an s3:// location.") }
        let inputs: [(key: String, relative: String)]
        if source.s3DataType == "S3Object" {
            inputs = [(prefix, String(prefix.split(separator: "/").last ?? ""))]
        } else {
            // An output keeps the input's path below the prefix's last folder.
            let base = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
            inputs = try await objects.list(bucket: bucket, prefix: prefix, context: context).filter { !$0.key.hasSuffix("/") }
                .map { ($0.key, String($0.key.dropFirst(base.count))) }
        }
        guard !inputs.isEmpty else {
            throw ServingFailure("ClientError: No S3 objects found under S3 URL \"\(source.s3Uri)\" given in input data source. Please ensure that the bucket exists in the selected region (\(job.region)), that objects exist under that S3 prefix, and that the role \"\(job.variant.roleArn)\" has \"s3:ListBucket\" permissions on bucket \"\(bucket)\".")
        }
        guard let (outputBucket, outputPrefix) = Self.bucketAndKey(request.transformOutput.s3OutputPath) else {
            throw ServingFailure("ClientError: \(request.transformOutput.s3OutputPath) is not an s3:// location.")
        }
        let location = ObjectLocation(bucket: bucket, key: prefix)
        let maxPayload = (request.maxPayloadInMB.map { $0 == 0 ? 100 : $0 } ?? 6) << 20
        let timeout = TimeAmount.seconds(Int64(request.modelClientConfig?.invocationsTimeoutInSeconds ?? 600))
        let retries = request.modelClientConfig?.invocationsMaxRetries ?? 3
        var headers: [(String, String)] = [("Content-Type", request.transformInput.contentType ?? "application/octet-stream")]
        if let accept = request.transformOutput.accept { headers.append(("Accept", accept)) }
        var turn = 0
        for input in inputs {
            if stopRequested.withLock({ $0.contains(job.arn) }) { return ("Stopped", nil) }
            let content = try await objects.read(ObjectLocation(bucket: location.bucket, key: input.key), context: context, limit: Self.maxObjectBytes).bytes
            var answers: [[UInt8]] = []
            for batch in try Self.batches(content, split: request.transformInput.splitType ?? "None", strategy: request.batchStrategy ?? "MultiRecord", maxPayload: maxPayload, key: input.key) {
                if stopRequested.withLock({ $0.contains(job.arn) }) { return ("Stopped", nil) }
                var attempt = 0
                while true {
                    let instance = instances[turn % instances.count]
                    turn += 1
                    do {
                        let answer = try await ModelServerClient.post(port: instance.port, path: "/invocations", headers: headers, body: batch.body, timeout: timeout, limit: 1 << 30)
                        guard (200..<300).contains(answer.status) else {
                            let message = String(decoding: answer.body.prefix(512), as: UTF8.self)
                            throw ServingFailure("ClientError: The model answered \(answer.status) for s3://\(location.bucket)/\(input.key): \(message) See job logs for more information.")
                        }
                        answers.append(answer.body)
                        break
                    } catch let failure as ServingFailure {
                        throw failure
                    } catch {
                        attempt += 1
                        guard attempt <= retries else {
                            throw ServingFailure("ClientError: The model did not answer for s3://\(location.bucket)/\(input.key) (\(error)). See job logs for more information.")
                        }
                    }
                }
            }
            let assembled = Self.assemble(answers, with: request.transformOutput.assembleWith ?? "None")
            let key = (outputPrefix.isEmpty || outputPrefix.hasSuffix("/") ? outputPrefix : outputPrefix + "/") + input.relative + ".out"
            _ = try await objects.write(assembled, to: ObjectLocation(bucket: outputBucket, key: key), contentType: request.transformOutput.accept ?? "application/octet-stream", tags: [:], context: context)
        }
        return ("Completed", nil)
    }

    /// An object's records as requests: the whole object (`SplitType` None), or its lines, one per request
    /// (`SingleRecord`) or as many as fit in `maxPayload` (`MultiRecord`).
    static func batches(_ content: [UInt8], split: String, strategy: String, maxPayload: Int, key: String) throws -> [Batch] {
        guard split == "Line" else {
            guard content.count <= maxPayload else {
                throw ServingFailure("ClientError: Too much data for max payload size: s3 object \(key) is \(content.count) bytes, MaxPayloadInMB allows \(maxPayload >> 20) MB; use SplitType Line.")
            }
            return [Batch(body: content)]
        }
        let lines = content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { Array($0) }.filter { !$0.allSatisfy { $0 == 13 || $0 == 32 } }
        if strategy == "SingleRecord" { return lines.map { Batch(body: $0) } }
        var batches: [Batch] = [], current: [UInt8] = []
        for line in lines {
            if line.count > maxPayload { throw ServingFailure("ClientError: A record of \(key) is larger than MaxPayloadInMB.") }
            if !current.isEmpty, current.count + 1 + line.count > maxPayload {
                batches.append(Batch(body: current))
                current = []
            }
            if !current.isEmpty { current.append(UInt8(ascii: "\n")) }
            current += line
        }
        if !current.isEmpty { batches.append(Batch(body: current)) }
        return batches
    }

    /// The answers of one object joined: as they are (`None`), or each ending in a newline (`Line`).
    static func assemble(_ answers: [[UInt8]], with assembly: String) -> [UInt8] {
        guard assembly == "Line" else { return answers.flatMap { $0 } }
        return answers.flatMap { answer in answer.last == UInt8(ascii: "\n") ? answer : answer + [UInt8(ascii: "\n")] }
    }

    /// Transform jobs whose server stopped while they ran cannot be picked up again: they end Failed with the reason.
    func recoverInterrupted() async {
        let reason = "InternalServerError: the server running the transform job stopped while it ran; start the job again."
        let now = clock.now()
        for job in (try? await jobs.unattended(now: now)) ?? [] where !job.isTerminal {
            guard (try? await jobs.claim(job.arn, owner: owner, now: now, until: now.addingTimeInterval(lease))) == true else { continue }
            _ = try? await jobs.modify(job.arn) { stored in
                stored.status = "Failed"
                stored.failureReason = reason
                stored.ended = now
                stored.modified = now
            }
            launcher.remove(endpoint: job)
            try? await jobs.release(job.arn, owner: owner)
        }
    }
}
