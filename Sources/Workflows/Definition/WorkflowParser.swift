import Yams

/// Parses workflow files (`.github/workflows/*.yml`) into `WorkflowDefinition`, rejecting what GitHub rejects with
/// GitHub's messages. Expressions are never evaluated.
enum WorkflowParser {
    /// Parses the workflow `text` read from `path` (used in messages and as the default display name).
    static func parse(_ text: String, path: String) throws(WorkflowParseError) -> WorkflowDefinition {
        let reader = WorkflowYAMLReader(path: path, fileKind: .workflow)
        return try reader.workflow(from: reader.compose(text))
    }
}

extension WorkflowYAMLReader {
    /// The workflow of a composed document (nil for an empty one).
    func workflow(from root: Node?) throws(WorkflowParseError) -> WorkflowDefinition {
        var workflow = WorkflowDefinition(path: path, on: WorkflowTriggers())
        var sawOn = false
        var sawJobs = false
        for entry in try entries(root ?? Node("")) {
            switch entry.key {
            case "on":
                workflow.on = try triggers(entry.value)
                sawOn = true
            case "name": workflow.name = try optionalText(entry.value)
            case "run-name": workflow.runName = try optionalText(entry.value)
            case "description": _ = try text(entry.value)
            case "env": workflow.env = try stringMap(entry.value)
            case "defaults": workflow.defaults = try defaults(entry.value)
            case "concurrency": workflow.concurrency = try concurrency(entry.value)
            case "permissions": workflow.permissions = ExpressionValue(yamlNode: entry.value)
            case "jobs":
                workflow.jobs = try jobs(entry.value)
                sawJobs = true
            default: throw unexpected(entry.keyNode)
            }
        }
        guard sawOn else { throw error("Required property is missing: on", at: root) }
        guard sawJobs else { throw error("Required property is missing: jobs", at: root) }
        return workflow
    }

    /// `jobs:` in file order, with `needs` checked for unknown jobs and cycles.
    private func jobs(_ node: Node) throws(WorkflowParseError) -> [JobDefinition] {
        var jobs: [JobDefinition] = []
        var needNodes: [[Node]] = []
        for entry in try entries(node) {
            if let problem = WorkflowYAMLReader.idProblem(entry.key) { throw error(problem, at: entry.keyNode) }
            let (job, needs) = try job(id: entry.key, entry.value)
            jobs.append(job)
            needNodes.append(needs)
        }
        try validateNeeds(jobs, needNodes, jobsNode: node)
        return jobs
    }

    private func validateNeeds(_ jobs: [JobDefinition], _ needNodes: [[Node]], jobsNode: Node) throws(WorkflowParseError) {
        let ids = Set(jobs.map(\.id))
        for (job, nodes) in zip(jobs, needNodes) {
            for (need, node) in zip(job.needs, nodes) where !ids.contains(need) {
                throw error("Job '\(job.id)' depends on unknown job '\(need)'.", at: node)
            }
        }
        var done = Set(jobs.filter(\.needs.isEmpty).map(\.id))
        guard !done.isEmpty else {
            throw error("The workflow must contain at least one job with no dependencies.", at: jobsNode)
        }
        var waiting = jobs.indices.filter { !jobs[$0].needs.isEmpty }
        var progressed = true
        while progressed {
            progressed = false
            waiting.removeAll { index in
                guard jobs[index].needs.allSatisfy(done.contains) else { return false }
                done.insert(jobs[index].id)
                progressed = true
                return true
            }
        }
        if let index = waiting.first, let position = jobs[index].needs.firstIndex(where: { !done.contains($0) }) {
            let job = jobs[index]
            throw error("Job '\(job.id)' depends on job '\(job.needs[position])' which creates a cycle in the dependency graph.",
                        at: needNodes[index][position])
        }
    }

    /// What a job mapping turned out to be: GitHub's schema has one shape for jobs that run steps on a runner and
    /// one for jobs that call a reusable workflow, told apart by their keys.
    private enum JobShape {
        case undetermined, runner, caller
    }

    private static let commonJobKeys: Set = ["name", "needs", "if", "strategy", "permissions", "concurrency"]
    private static let runnerJobKeys: Set = [
        "runs-on", "timeout-minutes", "cancel-timeout-minutes", "continue-on-error", "container", "services", "env",
        "environment", "outputs", "defaults", "steps", "snapshot",
    ]
    private static let callerJobKeys: Set = ["uses", "with", "secrets"]

    /// One job and the nodes of its `needs` entries (for positions in dependency errors).
    private func job(id: String, _ node: Node) throws(WorkflowParseError) -> (JobDefinition, [Node]) {
        guard case .mapping = node else { throw unexpected(node) }
        var job = JobDefinition(id: id)
        var needNodes: [Node] = []
        var shape = JobShape.undetermined
        for entry in try entries(node) {
            let key = entry.key, value = entry.value
            if WorkflowYAMLReader.runnerJobKeys.contains(key) {
                guard shape != .caller else { throw unexpected(entry.keyNode) }
                shape = .runner
            } else if WorkflowYAMLReader.callerJobKeys.contains(key) {
                guard shape != .runner else { throw unexpected(entry.keyNode) }
                shape = .caller
            } else if !WorkflowYAMLReader.commonJobKeys.contains(key) {
                throw unexpected(entry.keyNode)
            }
            switch key {
            case "name": job.name = try optionalText(value)
            case "needs":
                needNodes = try sequenceOrScalar(value)
                job.needs = []
                for need in needNodes { job.needs.append(try text(need)) }
            case "if": job.ifCondition = try optionalText(value)
            case "strategy": job.strategy = try strategy(value)
            case "permissions": job.permissions = ExpressionValue(yamlNode: value)
            case "concurrency": job.concurrency = try concurrency(value)
            case "runs-on": job.runsOn = try runsOn(value)
            case "timeout-minutes": job.timeoutMinutes = try numberOrExpression(value)
            case "cancel-timeout-minutes": _ = try numberOrExpression(value)
            case "continue-on-error": job.continueOnError = try boolOrExpression(value)
            case "container": job.container = ExpressionValue(yamlNode: value)
            case "services": job.services = ExpressionValue(yamlNode: value)
            case "env": job.env = try environment(value)
            case "environment": job.environment = try jobEnvironment(value)
            case "outputs": job.outputs = try stringMap(value)
            case "defaults": job.defaults = try defaults(value)
            case "steps": job.steps = try steps(value, composite: false)
            case "uses":
                guard let uses = try optionalText(value) else { throw unexpected(value) }
                job.uses = uses
            case "with": job.with = ExpressionValue(yamlNode: value)
            case "secrets": job.secrets = ExpressionValue(yamlNode: value)
            default: break
            }
        }
        switch shape {
        case .undetermined:
            let keys = WorkflowYAMLReader.runnerJobKeys.union(WorkflowYAMLReader.callerJobKeys).sorted().joined(separator: ", ")
            throw error("There's not enough info to determine what you meant. Add one of these properties: \(keys)", at: node)
        case .runner where job.runsOn == nil:
            throw error("Required property is missing: runs-on", at: node)
        case .caller where job.uses == nil:
            throw error("Required property is missing: uses", at: node)
        default:
            return (job, needNodes)
        }
    }

    /// The items of a sequence, or the node itself when it is a scalar.
    private func sequenceOrScalar(_ node: Node) throws(WorkflowParseError) -> [Node] {
        if case .sequence = node { return try sequence(node) }
        if isNull(node) { return [] }
        guard case .scalar = node else { throw unexpected(node) }
        return [node]
    }

    /// `runs-on:` as a label, a list of labels, or `{group, labels}`.
    private func runsOn(_ node: Node) throws(WorkflowParseError) -> RunsOnDefinition {
        switch node {
        case .mapping:
            var result = RunsOnDefinition()
            for entry in try entries(node) {
                switch entry.key {
                case "group": result.group = try optionalText(entry.value)
                case "labels": result.labels = try nonEmptyLabels(entry.value)
                default: throw unexpected(entry.keyNode)
                }
            }
            return result
        default:
            return RunsOnDefinition(labels: try nonEmptyLabels(node))
        }
    }

    private func nonEmptyLabels(_ node: Node) throws(WorkflowParseError) -> [String] {
        var labels: [String] = []
        for item in try sequenceOrScalar(node) {
            guard let label = try optionalText(item) else { throw unexpected(item) }
            labels.append(label)
        }
        if labels.isEmpty { throw unexpected(node) }
        return labels
    }

    /// `environment:` as a name or `{name, url, deployment}`.
    private func jobEnvironment(_ node: Node) throws(WorkflowParseError) -> JobEnvironment {
        if try scalar(node) != nil { return JobEnvironment(name: try text(node)) }
        var name: String?
        var result = JobEnvironment(name: "")
        for entry in try entries(node) {
            switch entry.key {
            case "name": name = try text(entry.value)
            case "url": result.url = try optionalText(entry.value)
            case "deployment": result.deployment = try bool(entry.value, reading: "job environment deployment")
            default: throw unexpected(entry.keyNode)
            }
        }
        guard let name else { throw error("Required property is missing: name", at: node) }
        result.name = name
        return result
    }
}
