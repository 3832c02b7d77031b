import BlobStore
import Foundation
import Logging
import ServiceLifecycle
import SlipwayCore

/// Applies every bucket's lifecycle rules for real, on a timer: expires current objects (a delete marker where
/// versioned), removes non-current versions and lone delete markers, aborts stale multipart uploads.
///
/// A lifecycle "day" lasts `daySeconds` (86,400 by default), so tests and demos can compress time.
public struct LifecycleWorker: Service {
    let service: S3Service
    let daySeconds: TimeInterval
    let interval: Duration
    let logger: Logger

    public init(module: S3Module, daySeconds: TimeInterval, logger: Logger) {
        service = module.service
        self.daySeconds = daySeconds
        // Often enough to act within a tenth of a day, never busier than twice a second.
        interval = .milliseconds(Int64(max(500, min(60_000, daySeconds * 100))))
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try await pass(now: service.clock.now()) } catch { logger.error("lifecycle pass failed: \(error)") }
            // The wait ends early on shutdown, so a long interval never holds the server open.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One pass over every bucket with rules.
    func pass(now: Date) async throws {
        for (bucket, configuration) in try await service.store.lifecycles() {
            let rules = configuration.rules.filter(\.isEnabled)
            guard !rules.isEmpty else { continue }
            try await apply(rules, bucket: bucket, now: now)
        }
    }

    private func age(_ since: Date, now: Date) -> Double { now.timeIntervalSince(since) / daySeconds }

    private func apply(_ rules: [LifecycleRule], bucket: String, now: Date) async throws {
        let versions = try await service.store.allVersions(bucket: bucket)
        let byKey = Dictionary(grouping: versions, by: \.key)
        for (key, keyVersions) in byKey {
            let ordered = keyVersions.sorted { $0.seq > $1.seq }  // newest first
            for rule in rules {
                // Current version expiration.
                if let latest = ordered.first, latest.isLatest, !latest.isDeleteMarker,
                   let expiry = LifecycleConfiguration(rules: [rule]).expiry(of: latest, daySeconds: daySeconds) {
                    // When the object's answers say it expires.
                    if now >= expiry.date {
                        let result = try await service.store.deleteObject(bucket: bucket, key: key, versionID: nil, now: now)
                        await service.release(result.released)
                        logger.info("lifecycle expired \(bucket)/\(key)")
                        break
                    }
                }
                // Non-current versions: each became non-current when the next newer version was written.
                if let noncurrent = rule.noncurrentVersionExpiration, let days = noncurrent.noncurrentDays {
                    var kept = 0
                    for (index, version) in ordered.enumerated() where index > 0 && !version.isLatest {
                        guard rule.matches(key: key, size: version.size, tags: version.tags) else { continue }
                        let noncurrentSince = ordered[index - 1].lastModified
                        if age(noncurrentSince, now: now) >= Double(days) {
                            if let keep = noncurrent.newerNoncurrentVersions, kept < keep {
                                kept += 1
                                continue
                            }
                            let result = try await service.store.deleteObject(bucket: bucket, key: key, versionID: version.versionID, now: now)
                            await service.release(result.released)
                            logger.info("lifecycle removed non-current \(bucket)/\(key) \(version.versionID)")
                        } else {
                            kept += 1
                        }
                    }
                }
                // A delete marker with nothing behind it.
                if rule.expiration?.expiredObjectDeleteMarker == true, ordered.count == 1, let marker = ordered.first, marker.isDeleteMarker,
                   rule.matches(key: key, size: 0, tags: []) {
                    _ = try await service.store.deleteObject(bucket: bucket, key: key, versionID: marker.versionID, now: now)
                    logger.info("lifecycle removed expired delete marker \(bucket)/\(key)")
                }
            }
        }
        for rule in rules {
            guard let days = rule.abortIncompleteMultipartUpload?.daysAfterInitiation else { continue }
            for upload in try await service.store.uploads(bucket: bucket, prefix: "") where rule.matches(key: upload.key, size: 0, tags: []) {
                if age(upload.created, now: now) >= Double(days) {
                    await service.release(try await service.store.removeUpload(upload.id))
                    logger.info("lifecycle aborted upload \(upload.id) of \(bucket)/\(upload.key)")
                }
            }
        }
    }
}
