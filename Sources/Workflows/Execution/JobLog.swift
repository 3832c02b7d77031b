import Foundation
import Synchronization

/// A job's log as it is written: each line masked, stamped and numbered, kept in the store in batches (so readers
/// can follow it live) and all of it written before the job's end is recorded.
final class JobLog: Sendable {
    let jobID: Int
    let masker: LogMasker
    private let store: RunStore
    private let state = Mutex<(next: Int, pending: [(number: Int, text: String)])>((1, []))
    private let flusher = Mutex<Task<Void, Never>?>(nil)

    init(jobID: Int, store: RunStore, masker: LogMasker) {
        self.jobID = jobID
        self.store = store
        self.masker = masker
    }

    static func stamp(_ date: Date) -> String {
        date.ISO8601Format(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon))
            .replacingOccurrences(of: "Z", with: "") + "0000Z"
    }

    /// The most lines one job's log keeps; what comes after is dropped, with a line saying so.
    static let maxLines = 200_000

    /// Adds lines (masked, stamped now) to the log.
    func write(_ lines: [String]) {
        let stamp = Self.stamp(Date())
        state.withLock { state in
            for line in lines {
                guard state.next <= Self.maxLines else { return }
                let text = state.next == Self.maxLines ? "##[warning]The log reached \(Self.maxLines) lines; the rest is not kept." : masker.mask(line)
                state.pending.append((state.next, stamp + " " + text))
                state.next += 1
            }
        }
        scheduleFlush()
    }

    func write(_ line: String) { write([line]) }

    private func scheduleFlush() {
        flusher.withLock { task in
            guard task == nil else { return }
            task = Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(100))
                guard let self else { return }
                self.flusher.withLock { $0 = nil }
                await self.flush()
            }
        }
    }

    /// Writes every pending line now.
    func flush() async {
        let lines = state.withLock { state -> [(number: Int, text: String)] in
            defer { state.pending = [] }
            return state.pending
        }
        guard !lines.isEmpty else { return }
        do {
            try await store.appendLog(jobID: jobID, lines: lines)
        } catch {
            // Lines that could not be stored now are tried again with the next batch.
            state.withLock { $0.pending.insert(contentsOf: lines, at: 0) }
        }
    }
}
