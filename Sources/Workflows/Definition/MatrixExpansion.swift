/// Expands a job's evaluated `strategy.matrix` into its ordered combinations by GitHub's rules: the cartesian
/// product of the vectors in file order (first key varying slowest), then `exclude` (an entry removes every
/// combination matching all of its keys), then `include` (each entry is merged into every combination whose
/// original vector values it does not change; otherwise it becomes a new combination; values added by earlier
/// includes may be overwritten). At most 256 combinations.
enum MatrixExpansion {
    /// GitHub's limit on the jobs one matrix may produce.
    static let maximumCombinations = 256
    /// A bound on the cartesian product before `exclude`, so a huge matrix fails fast instead of being built.
    static let maximumProduct = 65_536

    /// Why a matrix cannot be expanded, in GitHub's words.
    struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// One combination with its keys in display order (vector keys in file order, then added keys).
    struct Combination: Sendable, Hashable {
        var keys: [String]
        var values: [String: ExpressionValue]
    }

    /// The combinations of `matrix` as `[key: value]` objects. `keyOrder` gives the file order of the matrix keys
    /// (see `StrategyDefinition.matrixKeyOrder`); keys missing from it follow in alphabetical order.
    static func expand(_ matrix: ExpressionValue, keyOrder: [String] = []) throws(Error) -> [[String: ExpressionValue]] {
        try combinations(matrix, keyOrder: keyOrder).map(\.values)
    }

    /// The combinations of `matrix` with their keys in display order.
    static func combinations(_ matrix: ExpressionValue, keyOrder: [String] = []) throws(Error) -> [Combination] {
        guard case .object(let members) = matrix else { throw Error(message: "Matrix must define at least one vector") }
        let rank = Dictionary(keyOrder.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        func ordered(_ keys: some Sequence<String>) -> [String] {
            keys.sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }
        }

        var vectors: [(key: String, values: [ExpressionValue])] = []
        var includes: [[String: ExpressionValue]] = []
        var excludes: [[String: ExpressionValue]] = []
        for key in ordered(members.keys) {
            let value = members[key] ?? .null
            switch key {
            case "include": includes = try filterEntries(value, name: key)
            case "exclude": excludes = try filterEntries(value, name: key)
            default:
                guard case .array(let values) = value else { throw Error(message: "Matrix vector '\(key)' must be a sequence") }
                guard !values.isEmpty else { throw Error(message: "Matrix vector '\(key)' does not contain any values") }
                vectors.append((key, values))
            }
        }
        guard !vectors.isEmpty || !includes.isEmpty else { throw Error(message: "Matrix must define at least one vector") }

        var product = vectors.isEmpty ? 0 : 1
        for vector in vectors {
            let (result, overflow) = product.multipliedReportingOverflow(by: vector.values.count)
            guard !overflow, result <= maximumProduct else { throw tooMany }
            product = result
        }

        var combinations: [[String: ExpressionValue]] = product == 0 ? [] : [[:]]
        for vector in vectors {
            combinations = combinations.flatMap { base in
                vector.values.map { value in base.merging([vector.key: value]) { _, new in new } }
            }
        }
        combinations.removeAll { combination in
            excludes.contains { exclude in exclude.allSatisfy { combination[$0.key] == $0.value } }
        }

        let vectorKeys = Set(vectors.map(\.key))
        let originalCount = combinations.count
        for include in includes {
            var merged = false
            for index in 0..<originalCount {
                let fits = include.allSatisfy { key, value in !vectorKeys.contains(key) || combinations[index][key] == value }
                if fits {
                    combinations[index].merge(include) { _, new in new }
                    merged = true
                }
            }
            if !merged { combinations.append(include) }
        }
        guard combinations.count <= maximumCombinations else { throw tooMany }
        return combinations.map { Combination(keys: ordered($0.keys), values: $0) }
    }

    private static var tooMany: Error { Error(message: "Strategy produced more than \(maximumCombinations) jobs") }

    private static func filterEntries(_ value: ExpressionValue, name: String) throws(Error) -> [[String: ExpressionValue]] {
        guard case .array(let items) = value else { throw Error(message: "Matrix \(name) must be a sequence of mappings") }
        var entries: [[String: ExpressionValue]] = []
        for item in items {
            guard case .object(let members) = item else { throw Error(message: "Matrix \(name) must be a sequence of mappings") }
            entries.append(members)
        }
        return entries
    }
}
