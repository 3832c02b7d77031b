import Synchronization

/// Hides secrets and values a step masked (`::add-mask::`) in every log line before it is stored: each value, and
/// each line of a multi-line value, becomes `***`.
final class LogMasker: Sendable {
    private let values = Mutex<[String]>([])

    /// Masks `value` from now on (blank values and single characters are not masked, as GitHub does not).
    func add(_ value: String) {
        let parts = value.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count > 1 }
        guard !parts.isEmpty else { return }
        values.withLock { known in
            for part in parts where !known.contains(part) { known.append(part) }
            known.sort { $0.count > $1.count }
        }
    }

    func mask(_ line: String) -> String {
        values.withLock { known in
            known.reduce(line) { $0.contains($1) ? $0.replacingOccurrences(of: $1, with: "***") : $0 }
        }
    }
}
