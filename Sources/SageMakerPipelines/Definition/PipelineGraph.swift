/// Which steps of a definition wait for which, and which condition branch each belongs to: the execution engine asks
/// it what may start now and what will never run.
struct PipelineGraph: Sendable {
    /// Every step name, in definition order (a Condition step's nested steps right after it).
    let stepNames: [String]
    /// For each step: its `DependsOn` plus every step a `Steps.<X>…` reference in its arguments names.
    let dependencies: [String: Set<String>]
    /// For each nested step: the Condition step and side it belongs to.
    let branches: [String: PipelineStep.Branch]

    init(_ definition: PipelineDefinition) {
        let known = Set(definition.steps.map(\.name))
        var dependencies: [String: Set<String>] = [:]
        var branches: [String: PipelineStep.Branch] = [:]
        for step in definition.steps {
            var found = Set(step.dependsOn)
            let references = (try? step.ownArguments.references()) ?? []
            found.formUnion(references.compactMap(\.stepName))
            dependencies[step.name] = found.intersection(known)
            branches[step.name] = step.branch
        }
        self.stepNames = definition.steps.map(\.name)
        self.dependencies = dependencies
        self.branches = branches
    }

    /// The steps `step` names through `DependsOn` or property references.
    func dependencies(of step: String) -> Set<String> {
        dependencies[step] ?? []
    }

    /// What must succeed before `step` starts: its dependencies and, for a nested step, its Condition step.
    func prerequisites(of step: String) -> Set<String> {
        var prerequisites = dependencies(of: step)
        if let branch = branches[step] { prerequisites.insert(branch.condition) }
        return prerequisites
    }

    /// The branch `step` sits in, if it is nested in a Condition step.
    func branch(of step: String) -> PipelineStep.Branch? {
        branches[step]
    }

    /// The steps that list `step` among their prerequisites.
    func dependents(of step: String) -> [String] {
        stepNames.filter { prerequisites(of: $0).contains(step) }
    }

    /// A cycle among prerequisites as the steps along it, each waiting on the next, the first repeated at the end
    /// (`A -> B -> A`), or nil.
    func cycle() -> [String]? {
        var state: [String: Bool] = [:]  // false: on the current path; true: fully explored
        var path: [String] = []
        func visit(_ step: String) -> [String]? {
            if let done = state[step] {
                guard !done, let start = path.firstIndex(of: step) else { return nil }
                return Array(path[start...]) + [step]
            }
            state[step] = false
            path.append(step)
            for next in stepNames where prerequisites(of: step).contains(next) {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            state[step] = true
            return nil
        }
        for step in stepNames {
            if let cycle = visit(step) { return cycle }
        }
        return nil
    }

    /// The steps in an order that runs every step after its prerequisites, ties kept in definition order.
    func topologicalOrder() -> [String] {
        var placed: Set<String> = []
        var order: [String] = []
        var remaining = stepNames
        while !remaining.isEmpty {
            guard let next = remaining.firstIndex(where: { prerequisites(of: $0).isSubset(of: placed) }) else {
                return order + remaining  // unreachable for a validated definition: cycles were refused
            }
            let step = remaining.remove(at: next)
            placed.insert(step)
            order.append(step)
        }
        return order
    }

    /// The steps that will never run given the Condition outcomes so far (`true` when the conditions held): those in
    /// the branch not taken, and every step that waits on one of them.
    func skipped(outcomes: [String: Bool]) -> Set<String> {
        var skipped: Set<String> = []
        for step in topologicalOrder() {
            let branchNotTaken = branches[step].map { branch in outcomes[branch.condition].map { $0 != branch.ifBranch } ?? false } ?? false
            if branchNotTaken || !prerequisites(of: step).isDisjoint(with: skipped) {
                skipped.insert(step)
            }
        }
        return skipped
    }

    /// The steps that can start now, in topological order: not yet started, every prerequisite succeeded, and for a
    /// nested step its Condition decided for its side. `finished` holds every step that ended, however it ended.
    func runnable(succeeded: Set<String>, finished: Set<String>, running: Set<String>, outcomes: [String: Bool]) -> [String] {
        let started = succeeded.union(finished).union(running)
        let skipped = skipped(outcomes: outcomes)
        return topologicalOrder().filter { step in
            guard !started.contains(step), !skipped.contains(step), prerequisites(of: step).isSubset(of: succeeded) else { return false }
            guard let branch = branches[step] else { return true }
            return outcomes[branch.condition] == branch.ifBranch
        }
    }

    /// Whether nothing more can happen: nothing running and nothing runnable (the rest was skipped or waits on a failure).
    func isSettled(succeeded: Set<String>, finished: Set<String>, running: Set<String>, outcomes: [String: Bool]) -> Bool {
        running.isEmpty && runnable(succeeded: succeeded, finished: finished, running: running, outcomes: outcomes).isEmpty
    }
}
