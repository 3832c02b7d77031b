import OrderedCollections
import Synchronization

/// Other stacks' exports and who imports them, as an operation starts: what `Fn::ImportValue` reads, what the
/// stack imports (recorded when it ends), and whether its own exports may be added, changed or dropped.
final class ExportView: Sendable {
    struct Export: Sendable {
        var value: String
        var stackID: String
        var stackName: String
    }

    let stackID: String
    let exports: [String: Export]
    /// Export name to the names of the stacks importing it.
    let importers: [String: [String]]
    private let used = Mutex<OrderedSet<String>>([])

    init(stackID: String, exports: [String: Export], importers: [String: [String]]) {
        self.stackID = stackID
        self.exports = exports
        self.importers = importers
    }

    /// An export's value for `Fn::ImportValue`, remembering that the stack imports it.
    func value(_ name: String) -> String? {
        guard let export = exports[name], export.stackID != stackID else { return nil }
        used.withLock { _ = $0.append(name) }
        return export.value
    }

    /// The export names the operation imported.
    var imports: [String] { used.withLock { Array($0) } }

    /// Why the stack may not end with these outputs: an export name another stack owns, or one of its own
    /// exports that another stack imports would change or go.
    func refusal(for outputs: OrderedDictionary<String, (value: String, exportName: String?)>) -> String? {
        var exported: [String: String] = [:]
        for output in outputs.values {
            guard let name = output.exportName else { continue }
            if let owner = exports[name], owner.stackID != stackID { return "Export with name \(name) is already exported by stack \(owner.stackName)" }
            exported[name] = output.value
        }
        for (name, export) in exports.sorted(by: { $0.key < $1.key }) where export.stackID == stackID {
            let users = (importers[name] ?? []).sorted()
            guard !users.isEmpty else { continue }
            guard let value = exported[name] else { return "Export \(name) cannot be deleted as it is in use by \(users.joined(separator: ", "))" }
            if value != export.value { return "Cannot update export \(name) as it is in use by \(users.joined(separator: ", "))" }
        }
        return nil
    }
}

/// The updates running on this server, so `CancelUpdateStack` can ask one to stop.
final class UpdateCancellations: Sendable {
    private let running = Mutex<[String: Bool]>([:])

    func register(_ stackID: String) { running.withLock { $0[stackID] = false } }
    func finish(_ stackID: String) { _ = running.withLock { $0.removeValue(forKey: stackID) } }
    func isCancelled(_ stackID: String) -> Bool { running.withLock { $0[stackID] == true } }

    /// Asks the stack's update to stop; false when no update of it runs here.
    func cancel(_ stackID: String) -> Bool {
        running.withLock { running in
            guard running[stackID] != nil else { return false }
            running[stackID] = true
            return true
        }
    }
}
