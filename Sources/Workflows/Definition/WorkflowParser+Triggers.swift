import Foundation
import Yams

extension WorkflowYAMLReader {
    /// `on:` as one event name, a list of names, or a mapping of events to their settings.
    func triggers(_ node: Node) throws(WorkflowParseError) -> WorkflowTriggers {
        var triggers = WorkflowTriggers()
        switch node {
        case .mapping:
            for entry in try entries(node) {
                try add(entry.key, settings: isNull(entry.value) ? nil : entry.value, to: &triggers)
            }
        case .sequence:
            for item in try sequence(node) {
                let event = try text(item)
                if event.isEmpty { throw unexpected(item) }
                if !triggers.contains(event) { try add(event, settings: nil, to: &triggers) }
            }
        default:
            if let event = try optionalText(node) { try add(event, settings: nil, to: &triggers) }
        }
        if triggers.events.isEmpty { throw error("No event triggers defined in `on`", at: node) }
        return triggers
    }

    private func add(_ event: String, settings: Node?, to triggers: inout WorkflowTriggers) throws(WorkflowParseError) {
        triggers.events.append(event)
        switch event {
        case "push":
            let filters = try filters(settings, allowed: ["branches", "tags", "paths"])
            triggers.push = PushTrigger(branches: filters.branches, tags: filters.tags, paths: filters.paths)
        case "pull_request", "pull_request_target":
            let filters = try filters(settings, allowed: ["branches", "paths", "types"])
            let trigger = PullRequestTrigger(types: filters.types, branches: filters.branches, paths: filters.paths)
            if event == "pull_request" { triggers.pullRequest = trigger } else { triggers.pullRequestTarget = trigger }
        case "workflow_dispatch":
            var trigger = WorkflowDispatchTrigger()
            for entry in try settings.map(entries) ?? [] {
                guard entry.key == "inputs" else { throw unexpected(entry.keyNode) }
                trigger.inputs = try inputs(entry.value, forCall: false)
            }
            triggers.workflowDispatch = trigger
        case "workflow_call":
            var trigger = WorkflowCallTrigger()
            for entry in try settings.map(entries) ?? [] {
                switch entry.key {
                case "inputs": trigger.inputs = try inputs(entry.value, forCall: true)
                case "secrets": trigger.secrets = ExpressionValue(yamlNode: entry.value)
                case "outputs": trigger.outputs = ExpressionValue(yamlNode: entry.value)
                default: throw unexpected(entry.keyNode)
                }
            }
            triggers.workflowCall = trigger
        case "repository_dispatch":
            var trigger = RepositoryDispatchTrigger()
            for entry in try settings.map(entries) ?? [] {
                guard entry.key == "types" else { throw unexpected(entry.keyNode) }
                trigger.types = try stringList(entry.value)
            }
            triggers.repositoryDispatch = trigger
        case "schedule":
            triggers.schedule = try schedules(settings)
        default:
            triggers.other[event] = settings.map { ExpressionValue(yamlNode: $0) } ?? .null
        }
    }

    /// The filters of a push or pull request event.
    private struct EventFilters {
        var branches: PatternFilter?
        var tags: PatternFilter?
        var paths: PatternFilter?
        var types: [String] = []
    }

    /// Reads `<kind>` / `<kind>-ignore` filters for the allowed kinds (and `types`), rejecting both forms of one kind.
    private func filters(_ settings: Node?, allowed: Set<String>) throws(WorkflowParseError) -> EventFilters {
        var result = EventFilters()
        var seen = Set<String>()
        for entry in try settings.map(entries) ?? [] {
            if entry.key == "types", allowed.contains("types") {
                result.types = try stringList(entry.value)
                continue
            }
            let ignore = entry.key.hasSuffix("-ignore")
            let kind = ignore ? String(entry.key.dropLast("-ignore".count)) : entry.key
            guard kind != "types", allowed.contains(kind) else { throw unexpected(entry.keyNode) }
            guard seen.insert(kind).inserted else {
                throw error("you may only define one of `\(kind)` and `\(kind)-ignore` for a single event", at: entry.keyNode)
            }
            let patterns = try stringList(entry.value).map(FilterPattern.init)
            let filter: PatternFilter = ignore ? .ignore(patterns) : .only(patterns)
            switch kind {
            case "branches": result.branches = filter
            case "tags": result.tags = filter
            default: result.paths = filter
            }
        }
        return result
    }

    /// `schedule:` entries, each `{cron, timezone?}` with a valid cron expression.
    private func schedules(_ settings: Node?) throws(WorkflowParseError) -> [ScheduleTrigger] {
        var result: [ScheduleTrigger] = []
        for item in try settings.map(sequence) ?? [] {
            guard case .mapping = item else { throw unexpected(item) }
            var cron: (text: String, node: Node)?
            var timeZone: (name: String, zone: TimeZone)?
            for entry in try entries(item) {
                switch entry.key {
                case "cron": cron = (try text(entry.value), entry.value)
                case "timezone":
                    let name = try text(entry.value)
                    guard let zone = TimeZone(identifier: name) else {
                        throw error("Invalid timezone '\(name)'", at: entry.value)
                    }
                    timeZone = (name, zone)
                default: throw unexpected(entry.keyNode)
                }
            }
            guard let cron else { throw error("Required property is missing: cron", at: item) }
            let utc = TimeZone(identifier: "UTC") ?? .gmt
            guard let schedule = try? CronSchedule(cron.text, timeZone: timeZone?.zone ?? utc) else {
                throw error("Invalid cron expression. Expected format: '* * * * *' (minute hour day month weekday)", at: cron.node)
            }
            result.append(ScheduleTrigger(cron: cron.text, timezone: timeZone?.name, schedule: schedule))
        }
        return result
    }

    /// The inputs of `workflow_dispatch` (any documented type) or `workflow_call` (`type` required; string, boolean
    /// or number; defaults may be expressions).
    private func inputs(_ node: Node, forCall: Bool) throws(WorkflowParseError) -> [WorkflowInputDefinition] {
        var result: [WorkflowInputDefinition] = []
        for entry in try entries(node) {
            var input = WorkflowInputDefinition(id: entry.key)
            var defaultNode: Node?
            var sawType = false
            var sawOptions = false
            for property in try entries(entry.value) {
                switch property.key {
                case "description": input.description = try optionalText(property.value)
                case "required": input.required = try bool(property.value, reading: "input required")
                case "default": defaultNode = property.value
                case "type":
                    let name = try text(property.value)
                    let allowed: Set<WorkflowInputDefinition.InputType> =
                        forCall ? [.string, .boolean, .number] : Set(WorkflowInputDefinition.InputType.allCases)
                    guard let type = WorkflowInputDefinition.InputType(rawValue: name), allowed.contains(type) else {
                        throw unexpected(property.value)
                    }
                    input.type = type
                    sawType = true
                case "options" where !forCall:
                    input.options = try stringList(property.value)
                    sawOptions = true
                default: throw unexpected(property.keyNode)
                }
            }
            if forCall && !sawType { throw error("Required property is missing: type", at: entry.value) }
            if let defaultNode { input.defaultValue = try inputDefault(defaultNode, type: input.type, forCall: forCall) }
            if input.type == .choice {
                if input.options.isEmpty { throw error("Missing 'options' for choice input '\(input.id)'", at: entry.value) }
                if case .string(let value) = input.defaultValue, !input.options.contains(value) {
                    throw error("Default value '\(value)' of choice input '\(input.id)' is not one of its options", at: defaultNode)
                }
            } else if sawOptions {
                throw error("Input type is not 'choice', but 'options' is defined", at: entry.value)
            }
            result.append(input)
        }
        return result
    }

    private func inputDefault(
        _ node: Node, type: WorkflowInputDefinition.InputType, forCall: Bool
    ) throws(WorkflowParseError) -> ExpressionValue? {
        guard let scalar = try scalar(node) else { throw unexpected(node) }
        if case .null = scalar { return nil }
        if forCall, case .string(let value) = scalar, value.contains("${{") { return .string(value) }
        switch (type, scalar) {
        case (.boolean, .bool(let value)): return .bool(value)
        case (.boolean, _): throw unexpectedType(scalar, reading: "input default", expected: "BooleanToken", at: node)
        case (.number, .number(let value)): return .number(value)
        case (.number, .string(let value)):
            guard case .number(let number) = WorkflowYAMLScalar.resolvePlain(value.trimmingCharacters(in: .whitespaces)) else {
                throw unexpectedType(scalar, reading: "input default", expected: "NumberToken", at: node)
            }
            return .number(number)
        case (.number, _): throw unexpectedType(scalar, reading: "input default", expected: "NumberToken", at: node)
        default: return .string(scalar.text)
        }
    }
}
