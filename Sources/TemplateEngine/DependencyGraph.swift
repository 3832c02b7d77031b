import Provisioning
import OrderedCollections

/// Which resources each resource waits for — from `Ref`, `Fn::GetAtt`, `Fn::Sub` and `DependsOn` — checked for
/// unresolved names and cycles, and the order that follows: waves of resources that can be provisioned together.
public struct DependencyGraph: Sendable {
    /// For each resource (template order), the resources it depends on.
    public let dependencies: OrderedDictionary<String, Set<String>>

    public init(_ template: Template) throws(TemplateError) {
        let resources = Set(template.resources.keys)
        let parameters = Set(template.parameters.keys)
        var dependencies = OrderedDictionary<String, Set<String>>()
        for (name, resource) in template.resources {
            var found = Set(resource.dependsOn)
            if let properties = resource.properties {
                try Self.collect(properties, resources: resources, parameters: parameters, block: "Resources", into: &found)
            }
            dependencies[name] = found
        }
        for output in template.outputs.values {
            var ignored = Set<String>()
            try Self.collect(output.value, resources: resources, parameters: parameters, block: "Outputs", into: &ignored)
        }
        self.dependencies = dependencies
        if let cycle = Self.cycle(in: dependencies) {
            throw .format("Circular dependency between resources: [\(cycle.joined(separator: ", "))]")
        }
    }

    /// Resources in waves: each wave depends only on earlier ones, so a wave's members can run concurrently.
    public var creationWaves: [[String]] {
        var remaining = dependencies
        var done = Set<String>()
        var waves: [[String]] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.value.isSubset(of: done) }.keys.elements
            guard !ready.isEmpty else { break }  // unreachable: cycles were refused
            waves.append(ready)
            for name in ready { remaining.removeValue(forKey: name) }
            done.formUnion(ready)
        }
        return waves
    }

    /// The reverse: a resource is deleted only after everything that depends on it.
    public var deletionWaves: [[String]] { creationWaves.reversed() }

    static let pseudoParameters: Set<String> = [
        "AWS::AccountId", "AWS::Region", "AWS::StackName", "AWS::StackId", "AWS::Partition", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs",
    ]

    /// Adds the resources `value` refers to; a name that is no resource, parameter or pseudo parameter is refused.
    fileprivate static func collect(
        _ value: TemplateValue, resources: Set<String>, parameters: Set<String>, block: String, into found: inout Set<String>
    ) throws(TemplateError) {
        func refer(_ name: String) throws(TemplateError) {
            if resources.contains(name) {
                found.insert(name)
            } else if !parameters.contains(name) && !pseudoParameters.contains(name) {
                throw .format("Unresolved resource dependencies [\(name)] in the \(block) block of the template")
            }
        }
        func attribute(_ name: String) throws(TemplateError) {
            guard resources.contains(name) else { throw TemplateError("Template error: instance of Fn::GetAtt references undefined resource \(name)") }
            found.insert(name)
        }
        switch value {
        case .array(let items):
            for item in items { try collect(item, resources: resources, parameters: parameters, block: block, into: &found) }
        case .object(let members):
            if let (function, argument) = value.singleEntry {
                switch function {
                case "Ref":
                    if let name = argument.stringValue { try refer(name) }
                    return
                case "Fn::GetAtt":
                    if let name = argument.arrayValue?.first?.stringValue { try attribute(name) }
                    if let rest = argument.arrayValue?.dropFirst() {
                        for item in rest { try collect(item, resources: resources, parameters: parameters, block: block, into: &found) }
                    }
                    return
                case "Fn::Sub":
                    let text = argument.stringValue ?? argument.arrayValue?.first?.stringValue ?? ""
                    let local = Set(argument.arrayValue?.dropFirst().first?.objectValue?.keys.elements ?? [])
                    for variable in subVariables(text) where !local.contains(variable) {
                        if let dot = variable.firstIndex(of: "."), !parameters.contains(variable) {
                            try attribute(String(variable[..<dot]))
                        } else {
                            try refer(variable)
                        }
                    }
                    if let map = argument.arrayValue?.dropFirst().first {
                        try collect(map, resources: resources, parameters: parameters, block: block, into: &found)
                    }
                    return
                default:
                    break
                }
            }
            for member in members.values { try collect(member, resources: resources, parameters: parameters, block: block, into: &found) }
        default:
            return
        }
    }

    /// The `${…}` variables of an `Fn::Sub` string, without `${!Literal}` escapes.
    static func subVariables(_ text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let name = String(rest[..<close])
            if !name.hasPrefix("!") { names.append(name.trimmingCharacters(in: .whitespaces)) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The resources on some cycle, in template order; nil when there is none.
    static func cycle(in dependencies: OrderedDictionary<String, Set<String>>) -> [String]? {
        var remaining = dependencies
        var changed = true
        // Peel off resources that depend on nothing left; whatever cannot be peeled lies on or behind a cycle.
        while changed {
            changed = false
            for (name, needs) in remaining where needs.allSatisfy({ remaining[$0] == nil }) {
                remaining.removeValue(forKey: name)
                changed = true
            }
        }
        guard !remaining.isEmpty else { return nil }
        // Keep only those that can reach themselves: the cycle members, not the ones merely waiting on a cycle.
        func reaches(_ start: String, _ target: String) -> Bool {
            var seen: Set<String> = []
            var stack = Array(remaining[start] ?? [])
            while let next = stack.popLast() {
                if next == target { return true }
                if seen.insert(next).inserted { stack += remaining[next] ?? [] }
            }
            return false
        }
        return remaining.keys.filter { reaches($0, $0) }
    }
}

extension DependencyGraph {
    /// The resources and parameters `value` refers to (through `Ref`, `Fn::GetAtt` and `Fn::Sub`).
    static func references(in value: TemplateValue, of template: Template) -> Set<String> {
        var found = Set<String>()
        let names = Set(template.resources.keys).union(template.parameters.keys)
        try? collect(value, resources: names, parameters: [], block: "Resources", into: &found)
        return found
    }
}
