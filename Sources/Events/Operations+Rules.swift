import Foundation
import ServiceKit
import SlipwayCore

extension EventsService {
    var ruleOperations: [ServiceOperation] {
        [
            ServiceOperation("PutRule", input: PutRuleInput.self, accessAll: { input, context in
                let arn = ruleARN(input.name, bus: Self.busName(input.eventBusName), context)
                var requests = [try await request("PutRule", arn, context, tags: input.tags)]
                if let role = input.roleArn { requests.append(try await passRole(role, to: "events.amazonaws.com", for: arn, context: context, roles: roles)) }
                return requests
            }, handler: { input, context in try await putRule(input, context) }),
            ServiceOperation("DescribeRule", input: RuleNameInput.self, access: { input, context in
                try await request("DescribeRule", ruleARN(input.name, bus: Self.busName(input.eventBusName), context), context)
            }, handler: { input, context in
                Self.shape(try await requireRule(input.name, bus: Self.busName(input.eventBusName), context))
            }),
            ServiceOperation("ListRules", input: ListRulesInput.self, access: { _, context in
                try await request("ListRules", "*", context)
            }, handler: { input, context in
                let bus = try await requireBus(Self.busName(input.eventBusName), context)
                let all = try await store.rules(account: bus.account, region: bus.region, bus: bus.name).filter { input.namePrefix.map($0.name.hasPrefix) ?? true }
                let page = try Self.page(all, token: input.nextToken, limit: input.limit)
                return ListRulesOutput(rules: page.items.map(Self.shape), nextToken: page.nextToken)
            }),
            ServiceOperation("EnableRule", input: RuleNameInput.self, access: { input, context in
                try await request("EnableRule", ruleARN(input.name, bus: Self.busName(input.eventBusName), context), context)
            }, handler: { input, context in try await setState(input, enabled: true, context) }),
            ServiceOperation("DisableRule", input: RuleNameInput.self, access: { input, context in
                try await request("DisableRule", ruleARN(input.name, bus: Self.busName(input.eventBusName), context), context)
            }, handler: { input, context in try await setState(input, enabled: false, context) }),
            ServiceOperation("DeleteRule", input: RuleNameInput.self, access: { input, context in
                try await request("DeleteRule", ruleARN(input.name, bus: Self.busName(input.eventBusName), context), context)
            }, handler: { input, context in
                let bus = Self.busName(input.eventBusName)
                guard let rule = try await store.rule(account: context.account.rawValue, region: context.region.name, bus: bus, name: input.name) else {
                    return EmptyEventsOutput()
                }
                guard rule.targets.isEmpty else { throw EventsError.validation("Rule can't be deleted since it has targets.") }
                try await store.deleteRule(rule)
                engine.forgetRules(account: rule.account, region: rule.region, bus: rule.bus)
                return EmptyEventsOutput()
            }),
        ]
    }

    func putRule(_ input: PutRuleInput, _ context: ServiceContext) async throws -> PutRuleOutput {
        try Self.checkName(input.name, member: "name")
        let bus = try await requireBus(Self.busName(input.eventBusName), context)
        guard input.eventPattern != nil || input.scheduleExpression != nil else {
            throw EventsError.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
        }
        if let pattern = input.eventPattern {
            guard pattern.utf8.count <= 4096 else { throw EventsError.invalidPattern("Event pattern is not valid. Reason: the pattern is longer than 4096 characters") }
            _ = try Self.pattern(pattern)
        }
        if let expression = input.scheduleExpression {
            guard bus.name == "default" else { throw EventsError.validation("ScheduleExpression is supported only on the default event bus.") }
            guard (try? Schedule(expression)) != nil else { throw EventsError.validation("Parameter ScheduleExpression is not valid.") }
        }
        let state = input.state ?? "ENABLED"
        guard ["ENABLED", "DISABLED"].contains(state) else {
            throw EventsError.validation("1 validation error detected: Value '\(state)' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]")
        }
        if let description = input.description, description.count > 512 { throw EventsError.validation("Description must be at most 512 characters.") }
        let tags = try Self.tagMap(input.tags, context: context)
        var rule = try await store.rule(account: bus.account, region: bus.region, bus: bus.name, name: input.name) ?? RuleRecord(
            account: bus.account, region: bus.region, bus: bus.name, name: input.name, eventPattern: nil, scheduleExpression: nil, enabled: true,
            description: nil, roleARN: nil, tags: [:], targets: [], created: clock.now(), lastFired: nil
        )
        rule.eventPattern = input.eventPattern
        rule.scheduleExpression = input.scheduleExpression
        rule.enabled = state == "ENABLED"
        rule.description = input.description
        rule.roleARN = input.roleArn
        rule.tags.merge(tags) { _, new in new }
        try await store.saveRule(rule)
        engine.forgetRules(account: rule.account, region: rule.region, bus: rule.bus)
        return PutRuleOutput(ruleArn: rule.arn)
    }

    func setState(_ input: RuleNameInput, enabled: Bool, _ context: ServiceContext) async throws -> EmptyEventsOutput {
        var rule = try await requireRule(input.name, bus: Self.busName(input.eventBusName), context)
        rule.enabled = enabled
        try await store.saveRule(rule)
        engine.forgetRules(account: rule.account, region: rule.region, bus: rule.bus)
        return EmptyEventsOutput()
    }

    static func shape(_ rule: RuleRecord) -> RuleShape {
        RuleShape(
            name: rule.name, arn: rule.arn, eventPattern: rule.eventPattern, scheduleExpression: rule.scheduleExpression,
            state: rule.enabled ? "ENABLED" : "DISABLED", description: rule.description, roleArn: rule.roleARN, managedBy: nil, eventBusName: rule.bus,
            createdBy: rule.account
        )
    }
}
