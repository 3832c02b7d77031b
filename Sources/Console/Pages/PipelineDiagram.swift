import SlipwayCore
import Wire

/// A pipeline definition's steps as a left-to-right graph drawn in SVG on the server: a step sits one column right of
/// the furthest step it waits for (`DependsOn`, a `Steps.X…` reference, or the condition whose branch holds it), and
/// its box takes its execution status's colour. Every text is escaped; no script, no style attribute.
struct PipelineDiagram: Sendable, Equatable {
    struct Step: Sendable, Equatable {
        var name: String
        var type: String
        var column: Int
        var row: Int
    }

    struct Edge: Sendable, Equatable, Hashable {
        var from: String
        var to: String
    }

    var steps: [Step]
    var edges: [Edge]

    /// The graph of `definition` (a pipeline definition's JSON).
    init(definition: JSONValue) {
        var found: [(name: String, type: String)] = [], edges = Set<Edge>()
        func collect(_ list: [JSONValue], parent: String?) {
            for step in list {
                guard let name = step.string("Name") else { continue }
                found.append((name, step.string("Type") ?? ""))
                if let parent { edges.insert(Edge(from: parent, to: name)) }
                for dependency in step["DependsOn"]?.arrayValue?.compactMap(\.stringValue) ?? [] { edges.insert(Edge(from: dependency, to: name)) }
                var references = Set<String>()
                var arguments = step["Arguments"]?.objectValue ?? [:]
                // A condition's branches are steps of their own, whose references are theirs.
                if step.string("Type") == "Condition" { (arguments["IfSteps"], arguments["ElseSteps"]) = (nil, nil) }
                Self.stepReferences(.object(arguments), into: &references)
                for reference in references where reference != name { edges.insert(Edge(from: reference, to: name)) }
                if step.string("Type") == "Condition" {
                    collect(step["Arguments"]?["IfSteps"]?.arrayValue ?? [], parent: name)
                    collect(step["Arguments"]?["ElseSteps"]?.arrayValue ?? [], parent: name)
                }
            }
        }
        collect(definition["Steps"]?.arrayValue ?? [], parent: nil)
        let names = Set(found.map(\.name))
        let kept = edges.filter { names.contains($0.from) && names.contains($0.to) }
        var column: [String: Int] = [:]
        func depth(_ name: String, _ visiting: Set<String>) -> Int {
            if let known = column[name] { return known }
            let parents = kept.filter { $0.to == name && !visiting.contains($0.from) }.map(\.from)
            let value = parents.map { depth($0, visiting.union([name])) + 1 }.max() ?? 0
            column[name] = value
            return value
        }
        var rows: [Int: Int] = [:]
        steps = found.map { step in
            let at = depth(step.name, [])
            defer { rows[at, default: 0] += 1 }
            return Step(name: step.name, type: step.type, column: at, row: rows[at, default: 0])
        }
        self.edges = kept.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    /// The step names `value` refers to through `Get` expressions (`Steps.NAME.…`).
    static func stepReferences(_ value: JSONValue, into names: inout Set<String>) {
        switch value {
        case .object(let members):
            if case .string(let path) = members["Get"] ?? .null, path.hasPrefix("Steps.") {
                let rest = path.dropFirst("Steps.".count)
                names.insert(String(rest.prefix { $0 != "." && $0 != "[" }))
            }
            for member in members.values { stepReferences(member, into: &names) }
        case .array(let items):
            for item in items { stepReferences(item, into: &names) }
        default:
            break
        }
    }

    static let boxWidth = 180.0, boxHeight = 54.0, columnGap = 60.0, rowGap = 24.0, margin = 12.0

    static func fill(_ status: String?) -> (fill: String, stroke: String) {
        switch status {
        case "Succeeded": ("#f2f8f0", "#1d8102")
        case "Failed", "Stopped": ("#fdf3f1", "#d13212")
        case "Executing", "Starting", "Stopping": ("#f1f7fd", "#0b5cad")
        default: ("#ffffff", "#879596")
        }
    }

    /// The drawing, each step's box coloured by `statuses` (step name → status; absent: not run).
    func svg(statuses: [String: String], title: String) -> String {
        let columns = (steps.map(\.column).max() ?? 0) + 1, rows = (steps.map(\.row).max() ?? 0) + 1
        let width = Self.margin * 2 + Double(columns) * Self.boxWidth + Double(columns - 1) * Self.columnGap
        let height = Self.margin * 2 + Double(rows) * Self.boxHeight + Double(rows - 1) * Self.rowGap
        func origin(_ step: Step) -> (x: Double, y: Double) {
            (Self.margin + Double(step.column) * (Self.boxWidth + Self.columnGap), Self.margin + Double(step.row) * (Self.boxHeight + Self.rowGap))
        }
        let byName = Dictionary(steps.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(MarkupText.escaped(title))\" class=\"dag\">"
        svg += "<title>\(MarkupText.escaped(title))</title>"
        svg += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#545b64\"/></marker></defs>"
        for edge in edges {
            guard let from = byName[edge.from], let to = byName[edge.to] else { continue }
            let start = origin(from), end = origin(to)
            let x1 = start.x + Self.boxWidth, y1 = start.y + Self.boxHeight / 2, x2 = end.x, y2 = end.y + Self.boxHeight / 2
            let middle = (x1 + x2) / 2
            svg += "<path d=\"M \(x1) \(y1) C \(middle) \(y1), \(middle) \(y2), \(x2 - 2) \(y2)\" fill=\"none\" stroke=\"#545b64\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>"
        }
        for step in steps {
            let at = origin(step), status = statuses[step.name]
            let colours = Self.fill(status)
            svg += "<g><title>\(MarkupText.escaped(step.name)) (\(MarkupText.escaped(step.type))): \(MarkupText.escaped(status ?? "not run"))</title>"
            svg += "<rect x=\"\(at.x)\" y=\"\(at.y)\" width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"6\" fill=\"\(colours.fill)\" stroke=\"\(colours.stroke)\" stroke-width=\"2\"/>"
            svg += "<text x=\"\(at.x + 10)\" y=\"\(at.y + 22)\" font-size=\"13\" font-weight=\"600\" fill=\"#16191f\">\(MarkupText.escaped(String(step.name.prefix(24))))</text>"
            svg += "<text x=\"\(at.x + 10)\" y=\"\(at.y + 41)\" font-size=\"11\" fill=\"#16191f\">\(MarkupText.escaped(step.type)) · \(MarkupText.escaped(status ?? "not run"))</text></g>"
        }
        return svg + "</svg>"
    }
}
