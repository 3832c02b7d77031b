import Foundation
import ServiceKit
import SlipwayCore

extension EventsService {
    /// A rule holds at most five targets.
    static let maxTargets = 5

    var targetOperations: [ServiceOperation] {
        [
            ServiceOperation("PutTargets", input: PutTargetsInput.self, accessAll: { input, context in
                let arn = ruleARN(input.rule, bus: Self.busName(input.eventBusName), context)
                var target = try await request("PutTargets", arn, context)
                target.conditions["events:TargetArn"] = input.targets.map(\.arn)
                var requests = [target]
                // Each role a target is given is passed to EventBridge, once.
                var passed = Set<String>()
                for role in input.targets.compactMap(\.roleArn) where passed.insert(role).inserted {
                    requests.append(try await passRole(role, to: "events.amazonaws.com", for: arn, context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in
                var rule = try await requireRule(input.rule, bus: Self.busName(input.eventBusName), context)
                guard (1...10).contains(input.targets.count) else {
                    throw EventsError.validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length between 1 and 10")
                }
                for target in input.targets { try Self.check(target) }
                var targets = rule.targets
                for target in input.targets {
                    if let index = targets.firstIndex(where: { $0.id == target.id }) { targets[index] = target } else { targets.append(target) }
                }
                guard targets.count <= Self.maxTargets else {
                    throw EventsError.limit("The requested resource exceeds the maximum number allowed: a rule can have at most \(Self.maxTargets) targets.")
                }
                rule.targets = targets
                try await store.saveRule(rule)
                engine.forgetRules(account: rule.account, region: rule.region, bus: rule.bus)
                return TargetsResultOutput(failedEntryCount: 0, failedEntries: [])
            }),
            ServiceOperation("RemoveTargets", input: RemoveTargetsInput.self, access: { input, context in
                try await request("RemoveTargets", ruleARN(input.rule, bus: Self.busName(input.eventBusName), context), context)
            }, handler: { input, context in
                var rule = try await requireRule(input.rule, bus: Self.busName(input.eventBusName), context)
                let missing = input.ids.filter { id in !rule.targets.contains { $0.id == id } }
                rule.targets.removeAll { input.ids.contains($0.id) }
                try await store.saveRule(rule)
                engine.forgetRules(account: rule.account, region: rule.region, bus: rule.bus)
                return TargetsResultOutput(
                    failedEntryCount: missing.count,
                    failedEntries: missing.map { FailedTargetShape(targetId: $0, errorCode: "ResourceNotFoundException", errorMessage: "Target \($0) does not exist on rule \(rule.name).") }
                )
            }),
            ServiceOperation("ListTargetsByRule", input: ListTargetsInput.self, access: { input, context in
                try await request("ListTargetsByRule", ruleARN(input.rule, bus: Self.busName(input.eventBusName), context), context)
            }, handler: { input, context in
                let rule = try await requireRule(input.rule, bus: Self.busName(input.eventBusName), context)
                let page = try Self.page(rule.targets, token: input.nextToken, limit: input.limit)
                return ListTargetsOutput(targets: page.items, nextToken: page.nextToken)
            }),
        ]
    }

    /// A target Slipway can deliver to, with its input settings as EventBridge checks them.
    static func check(_ target: TargetShape) throws {
        try checkName(target.id, member: "targets.id")
        guard let arn = ARN(parsing: target.arn) else { throw EventsError.validation("Parameter \(target.arn) is not valid. Reason: Provided Arn is not in correct format.") }
        let supported = (arn.service == "lambda" && arn.resource.hasPrefix("function:")) || (arn.service == "events" && arn.resource.hasPrefix("event-bus/"))
            || (arn.service == "sagemaker" && arn.resource.hasPrefix("pipeline/"))
        guard supported else {
            throw EventsError.validation("Slipway delivers events to Lambda functions, event buses and SageMaker pipelines; \(target.arn) is none of these.")
        }
        let inputs = [target.input != nil, target.inputPath != nil, target.inputTransformer != nil].filter { $0 }.count
        guard inputs <= 1 else { throw EventsError.validation("Only one of Input, InputPath, or InputTransformer must be provided.") }
        if let input = target.input, (try? JSONValue.parse(input)) == nil {
            throw EventsError.validation("Input is not valid JSON text.")
        }
        if let path = target.inputPath, InputShaping.steps(path) == nil {
            throw EventsError.validation("InputPath \(path) is not a valid JSONPath.")
        }
        if let transformer = target.inputTransformer {
            guard (transformer.inputPathsMap ?? [:]).count <= 100 else { throw EventsError.validation("InputPathsMap can hold at most 100 entries.") }
            for (name, path) in transformer.inputPathsMap ?? [:] {
                guard !name.hasPrefix("aws."), InputShaping.steps(path) != nil else {
                    throw EventsError.validation("InputPathsMap entry \(name) is not valid: keys cannot start with 'aws.' and values must be JSONPaths.")
                }
            }
        }
        if let retry = target.retryPolicy {
            if let attempts = retry.maximumRetryAttempts, !(0...185).contains(attempts) {
                throw EventsError.validation("MaximumRetryAttempts must be between 0 and 185.")
            }
            if let age = retry.maximumEventAgeInSeconds, !(60...86_400).contains(age) {
                throw EventsError.validation("MaximumEventAgeInSeconds must be between 60 and 86400.")
            }
        }
    }
}
