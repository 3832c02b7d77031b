import Foundation
import ServiceKit
import SlipwayCore
import Wire

extension LambdaService {
    var versionOperations: [ServiceOperation] {
        [
            ServiceOperation("PublishVersion", route: .init("POST", "/2015-03-31/functions/{FunctionName}/versions"), input: PublishVersionInput.self, access: { input, context in
                try await access("PublishVersion", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                var latest = try await latest(try Self.reference(input.functionName, qualifier: nil).name, context)
                if let revision = input.revisionId, revision != latest.revisionID { throw LambdaError.preconditionFailed() }
                if let sha = input.codeSha256, sha != latest.codeSha256 {
                    throw LambdaError.invalid("CodeSHA256 (\(sha)) is different from current CodeSHA256 in $LATEST (\(latest.codeSha256)). Please try again with the CodeSHA256 in $LATEST.")
                }
                if let existing = latest.lastPublishedVersion, latest.publishedRevision == latest.revisionID,
                   let version = try await store.function(account: latest.account, region: latest.region, name: latest.name, version: existing) {
                    return CreatedFunctionOutput(configuration: Self.shape(version))
                }
                let version = publishNext(&latest, description: input.description)
                try await store.save([latest, version])
                return CreatedFunctionOutput(configuration: Self.shape(version))
            }),
            ServiceOperation("ListVersionsByFunction", route: .init("GET", "/2015-03-31/functions/{FunctionName}/versions"), input: ListVersionsInput.self, access: { input, context in
                try await access("ListVersionsByFunction", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                let latest = try await latest(try Self.reference(input.functionName, qualifier: nil).name, context)
                let all = try await store.versions(account: latest.account, region: latest.region, name: latest.name)
                let page = try Self.page(all, marker: input.marker, maxItems: input.maxItems)
                return ListVersionsOutput(versions: page.items.map(Self.shape), nextMarker: page.nextToken)
            }),
            ServiceOperation("CreateAlias", route: .init("POST", "/2015-03-31/functions/{FunctionName}/aliases"), input: CreateAliasInput.self, access: { input, context in
                try await access("CreateAlias", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                let latest = try await latest(try Self.reference(input.functionName, qualifier: nil).name, context)
                try Self.checkAliasName(input.name)
                try await requireVersion(input.functionVersion, of: latest)
                try await checkWeights(input.routingConfig, of: latest, primary: input.functionVersion)
                let alias = AliasRecord(
                    functionARN: latest.unqualifiedARN, name: input.name, functionVersion: input.functionVersion, description: input.description ?? "",
                    revisionID: ids.uuid(), additionalVersionWeights: input.routingConfig?.additionalVersionWeights
                )
                try await store.saveAlias(alias, isNew: true)
                return CreatedAliasOutput(alias: Self.shape(alias))
            }),
            ServiceOperation("GetAlias", route: .init("GET", "/2015-03-31/functions/{FunctionName}/aliases/{Name}"), input: AliasNameInput.self, access: { input, context in
                try await access("GetAlias", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                Self.shape(try await alias(input.functionName, input.name, context).alias)
            }),
            ServiceOperation("ListAliases", route: .init("GET", "/2015-03-31/functions/{FunctionName}/aliases"), input: ListAliasesInput.self, access: { input, context in
                try await access("ListAliases", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                let latest = try await latest(try Self.reference(input.functionName, qualifier: nil).name, context)
                let all = try await store.aliases(functionARN: latest.unqualifiedARN).filter { input.functionVersion == nil || $0.functionVersion == input.functionVersion }
                let page = try Self.page(all, marker: input.marker, maxItems: input.maxItems)
                return ListAliasesOutput(aliases: page.items.map(Self.shape), nextMarker: page.nextToken)
            }),
            ServiceOperation("UpdateAlias", route: .init("PUT", "/2015-03-31/functions/{FunctionName}/aliases/{Name}"), input: UpdateAliasInput.self, access: { input, context in
                try await access("UpdateAlias", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                let found = try await alias(input.functionName, input.name, context)
                let latest = found.latest
                var alias = found.alias
                if let revision = input.revisionId, revision != alias.revisionID { throw LambdaError.preconditionFailed() }
                if let version = input.functionVersion {
                    try await requireVersion(version, of: latest)
                    alias.functionVersion = version
                }
                if let description = input.description { alias.description = description }
                if let routing = input.routingConfig {
                    try await checkWeights(routing, of: latest, primary: alias.functionVersion)
                    alias.additionalVersionWeights = routing.additionalVersionWeights
                }
                alias.revisionID = ids.uuid()
                try await store.saveAlias(alias, isNew: false)
                return Self.shape(alias)
            }),
            ServiceOperation("DeleteAlias", route: .init("DELETE", "/2015-03-31/functions/{FunctionName}/aliases/{Name}"), input: AliasNameInput.self, access: { input, context in
                try await access("DeleteAlias", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                let latest = try await latest(try Self.reference(input.functionName, qualifier: nil).name, context)
                try await store.deleteAlias(functionARN: latest.unqualifiedARN, name: input.name)
                return NoContentOutput()
            }),
        ]
    }

    /// Publishes `$LATEST` as the next version number, noting on `latest` what was published.
    func publishNext(_ latest: inout FunctionRecord, description: String?) -> FunctionRecord {
        let version = published(latest, number: latest.nextVersion, description: description ?? latest.description)
        latest.nextVersion += 1
        latest.publishedRevision = latest.revisionID
        latest.lastPublishedVersion = version.version
        return version
    }

    /// A version record made from `$LATEST`.
    func published(_ latest: FunctionRecord, number: Int, description: String) -> FunctionRecord {
        var version = latest
        version.version = String(number)
        version.description = description
        version.revisionID = ids.uuid()
        version.lastModified = clock.now()
        version.tags = [:]
        version.policies = [:]
        version.policyRevision = nil
        version.publishedRevision = nil
        version.lastPublishedVersion = nil
        return version
    }

    func alias(_ functionName: String, _ name: String, _ context: ServiceContext) async throws -> (latest: FunctionRecord, alias: AliasRecord) {
        let latest = try await latest(try Self.reference(functionName, qualifier: nil).name, context)
        guard let alias = try await store.alias(functionARN: latest.unqualifiedARN, name: name) else {
            throw LambdaError.notFound("Cannot find alias arn: \(latest.unqualifiedARN):\(name)")
        }
        return (latest, alias)
    }

    static func checkAliasName(_ name: String) throws {
        guard (1...128).contains(name.count), Int(name) == nil, name != "$LATEST",
              name.range(of: #"^[a-zA-Z0-9-_]+$"#, options: .regularExpression) != nil
        else {
            throw WireError.validationException("1 validation error detected: Value '\(name)' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)")
        }
    }

    func requireVersion(_ version: String, of latest: FunctionRecord) async throws {
        if version == "$LATEST" { return }
        let found = Int(version) == nil ? nil : try await store.function(account: latest.account, region: latest.region, name: latest.name, version: version)
        guard found != nil else { throw LambdaError.notFound("Function not found: \(latest.unqualifiedARN):\(version)") }
    }

    func checkWeights(_ routing: RoutingConfigShape?, of latest: FunctionRecord, primary: String) async throws {
        guard let weights = routing?.additionalVersionWeights else { return }
        guard weights.count <= 1 else { throw LambdaError.invalid("An alias can route to at most one additional version.") }
        for (version, weight) in weights {
            guard (0...1).contains(weight) else { throw LambdaError.invalid("Additional version weights must be between 0.0 and 1.0.") }
            guard version != primary else { throw LambdaError.invalid("Invalid function version \(version). Function version \(version) is already included in routing configuration.") }
            try await requireVersion(version, of: latest)
        }
    }

    static func shape(_ alias: AliasRecord) -> AliasConfigurationShape {
        AliasConfigurationShape(
            aliasArn: alias.arn, name: alias.name, functionVersion: alias.functionVersion, description: alias.description,
            routingConfig: alias.additionalVersionWeights.map { RoutingConfigShape(additionalVersionWeights: $0) }, revisionId: alias.revisionID
        )
    }
}
