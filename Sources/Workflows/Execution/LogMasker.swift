import Synchronization

/// Hides secrets and values a step masked (`::add-mask::`) in every log line before it is stored: each value, and
/// each line of a multi-line value, becomes `***`.
final class LogMasker: Sendable {
    private let values = Mutex<[String]>([])

    /// The most values one job may mask, and the longest: a step printing masks endlessly cannot slow the server.
    static let maxValues = 5_000
    static let maxLength = 64 * 1024

    /// Masks `value` from now on (blank values and single characters are not masked, as GitHub does not).
    func add(_ value: String) {
        let parts = value.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.count > 1 && $0.utf8.count <= Self.maxLength }
        guard !parts.isEmpty else { return }
        values.withLock { known in
            let fresh = parts.filter { !known.contains($0) }
            guard !fresh.isEmpty, known.count < Self.maxValues else { return }
            known.append(contentsOf: fresh.prefix(Self.maxValues - known.count))
            known.sort { $0.count > $1.count }
        }
    }

    func mask(_ line: String) -> String {
        values.withLock { known in
            known.reduce(line) { $0.contains($1) ? $0.replacingOccurrences(of: $1, with: "***") : $0 }
        }
    }
}
