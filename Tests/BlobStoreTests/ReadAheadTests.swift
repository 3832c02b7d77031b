@testable import BlobStore
import Foundation
import Testing

/// Read-ahead: chunks come back in order however their reads finish, and reading stops at the end.
@Suite struct ReadAheadTests {
    @Test func chunksComeBackInOrderWhenLaterOnesFinishFirst() async throws {
        let calls = Calls()
        let ahead = ReadAhead(depth: 3) { index in
            calls.record(index)
            guard index < 6 else { return nil }
            // Earlier chunks take longer, so the ones read ahead finish first.
            Thread.sleep(forTimeInterval: Double(6 - index) * 0.005)
            return [UInt8(index)]
        }
        var chunks: [[UInt8]] = []
        while let chunk = try await ahead.next() { chunks.append(chunk) }
        #expect(chunks == (0..<6).map { [UInt8($0)] })
        #expect(try await ahead.next() == nil)
        // Never more than `depth` reads past the end.
        #expect(calls.indexes.max() ?? 0 <= 6 + 2)
    }

    @Test func aFailedReadIsTheStreamsError() async throws {
        struct Broken: Error {}
        let ahead = ReadAhead(depth: 2) { index in
            if index == 1 { throw Broken() }
            return index < 4 ? [1] : nil
        }
        #expect(try await ahead.next() == [1])
        await #expect(throws: Broken.self) { _ = try await ahead.next() }
    }
}

/// The indexes a producer was asked for.
final class Calls: @unchecked Sendable {
    private var seen: [Int] = []
    private let lock = NSLock()
    func record(_ index: Int) { lock.withLock { seen.append(index) } }
    var indexes: [Int] { lock.withLock { seen } }
}
