import Foundation
import ServiceKit
import SlipwayCore
import Wire

extension LambdaService {
    var functionOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateFunction", route: .init("POST", "/2015-03-31/functions"), input: CreateFunctionInput.self, accessAll: { input, context in
                let reference = try Self.reference(input.functionName, qualifier: nil)
                return [
                    AccessRequest(action: "lambda:CreateFunction", resource: functionARN(reference.name, context), resourceAccount: context.account.rawValue)
                        .requestingTags((input.tags ?? [:]).map { ($0.key, $0.value) }),
                    try await passRole(input.role, to: "lambda.amazonaws.com", for: functionARN(reference.name, context), context: context, roles: roles),
                ]
            }, handler: { input, context in try await createFunction(input, context) }),
            ServiceOperation("GetFunction", route: .init("GET", "/2015-03-31/functions/{FunctionName}"), input: FunctionNameInput.self, access: { input, context in
                try await access("GetFunction", input.functionName, qualifier: input.qualifier, context)
            }, handler: { input, context in
                let reference = try Self.reference(input.functionName, qualifier: input.qualifier)
                let resolved = try await resolve(reference.name, qualifier: reference.qualifier, context)
                return GetFunctionOutput(
                    configuration: Self.shape(resolved.target), code: FunctionCodeLocationShape(repositoryType: "S3", location: downloads.url(sha: resolved.target.codeSha256)),
                    tags: resolved.latest.tags.isEmpty ? nil : resolved.latest.tags,
                    concurrency: resolved.latest.reservedConcurrency.map { ConcurrencyShape(reservedConcurrentExecutions: $0) }
                )
            }),
            ServiceOperation("GetFunctionConfiguration", route: .init("GET", "/2015-03-31/functions/{FunctionName}/configuration"), input: FunctionNameInput.self, access: { input, context in
                try await access("GetFunctionConfiguration", input.functionName, qualifier: input.qualifier, context)
            }, handler: { input, context in
                let reference = try Self.reference(input.functionName, qualifier: input.qualifier)
                return Self.shape(try await resolve(reference.name, qualifier: reference.qualifier, context).target)
            }),
            ServiceOperation("ListFunctions", route: .init("GET", "/2015-03-31/functions"), input: ListFunctionsInput.self, access: { _, context in
                AccessRequest(action: "lambda:ListFunctions", resource: "*", resourceAccount: context.account.rawValue)
            }, handler: { input, context in
                if let version = input.functionVersion, version != "ALL" {
                    throw LambdaError.invalid("1 validation error detected: Value '\(version)' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]")
                }
                let all = try await store.functions(account: context.account.rawValue, region: context.region.name, allVersions: input.functionVersion == "ALL")
                let page = try Self.page(all, marker: input.marker, maxItems: input.maxItems)
                return ListFunctionsOutput(functions: page.items.map(Self.shape), nextMarker: page.nextToken)
            }),
            ServiceOperation("UpdateFunctionCode", route: .init("PUT", "/2015-03-31/functions/{FunctionName}/code"), input: UpdateFunctionCodeInput.self, access: { input, context in
                try await access("UpdateFunctionCode", input.functionName, qualifier: nil, context)
            }, handler: { input, context in try await updateCode(input, context) }),
            ServiceOperation("UpdateFunctionConfiguration", route: .init("PUT", "/2015-03-31/functions/{FunctionName}/configuration"), input: UpdateFunctionConfigurationInput.self, accessAll: { input, context in
                var requests = [try await access("UpdateFunctionConfiguration", input.functionName, qualifier: nil, context)]
                if let role = input.role {
                    let name = try Self.reference(input.functionName, qualifier: nil).name
                    requests.append(try await passRole(role, to: "lambda.amazonaws.com", for: functionARN(name, context), context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in try await updateConfiguration(input, context) }),
            ServiceOperation("DeleteFunction", route: .init("DELETE", "/2015-03-31/functions/{FunctionName}"), input: FunctionNameInput.self, access: { input, context in
                try await access("DeleteFunction", input.functionName, qualifier: input.qualifier, context)
            }, handler: { input, context in
                let reference = try Self.reference(input.functionName, qualifier: input.qualifier)
                let latest = try await latest(reference.name, context)
                if let qualifier = reference.qualifier {
                    guard Int(qualifier) != nil else {
                        throw LambdaError.invalid("Deletion of aliases is not supported by DeleteFunction; use DeleteAlias.")
                    }
                    guard try await store.function(account: latest.account, region: latest.region, name: latest.name, version: qualifier) != nil else {
                        throw LambdaError.functionNotFound("\(latest.unqualifiedARN):\(qualifier)")
                    }
                    if try await store.aliases(functionARN: latest.unqualifiedARN).contains(where: { $0.functionVersion == qualifier }) {
                        throw LambdaError.conflict("Unable to delete version because the following aliases reference it: \(latest.unqualifiedARN):\(qualifier)")
                    }
                }
                let unused = try await store.delete(
                    account: latest.account, region: latest.region, name: latest.name, functionARN: latest.unqualifiedARN, version: reference.qualifier
                )
                await runtime.pool.retire(functionARN: latest.unqualifiedARN, version: reference.qualifier)
                for sha in unused { runtime.code.remove(sha: sha) }
                return NoContentOutput()
            }),
            ServiceOperation("PutFunctionConcurrency", route: .init("PUT", "/2017-10-31/functions/{FunctionName}/concurrency"), input: PutConcurrencyInput.self, access: { input, context in
                try await access("PutFunctionConcurrency", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                var latest = try await latest(try Self.reference(input.functionName, qualifier: nil).name, context)
                guard input.reservedConcurrentExecutions >= 0 else {
                    throw WireError.validationException("1 validation error detected: Value '\(input.reservedConcurrentExecutions)' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0")
                }
                guard input.reservedConcurrentExecutions <= runtime.pool.maxWorkers else {
                    throw LambdaError.invalid("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [0]; this server runs at most \(runtime.pool.maxWorkers) workers.")
                }
                latest.reservedConcurrency = input.reservedConcurrentExecutions
                try await store.save([latest])
                return ConcurrencyShape(reservedConcurrentExecutions: input.reservedConcurrentExecutions)
            }),
            ServiceOperation("GetFunctionConcurrency", route: .init("GET", "/2019-09-30/functions/{FunctionName}/concurrency"), input: FunctionNameInput.self, access: { input, context in
                try await access("GetFunctionConcurrency", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                ConcurrencyShape(reservedConcurrentExecutions: try await latest(try Self.reference(input.functionName, qualifier: nil).name, context).reservedConcurrency)
            }),
            ServiceOperation("DeleteFunctionConcurrency", route: .init("DELETE", "/2017-10-31/functions/{FunctionName}/concurrency"), input: FunctionNameInput.self, access: { input, context in
                try await access("DeleteFunctionConcurrency", input.functionName, qualifier: nil, context)
            }, handler: { input, context in
                var latest = try await latest(try Self.reference(input.functionName, qualifier: nil).name, context)
                latest.reservedConcurrency = nil
                try await store.save([latest])
                return NoContentOutput()
            }),
        ]
    }

    func createFunction(_ input: CreateFunctionInput, _ context: ServiceContext) async throws -> CreatedFunctionOutput {
        let reference = try Self.reference(input.functionName, qualifier: nil)
        guard reference.qualifier == nil else { throw Self.invalidName(input.functionName) }
        if let type = input.packageType, type != "Zip" {
            throw LambdaError.invalid("Slipway runs .zip deployment packages; PackageType \(type) is not supported.")
        }
        guard let runtimeName = input.runtime, let handler = input.handler else {
            throw LambdaError.invalid("Runtime and Handler are mandatory parameters for functions created with deployment packages.")
        }
        let settings = try FunctionSettings(
            runtime: runtimeName, handler: handler, role: input.role, timeout: input.timeout ?? 3, memorySize: input.memorySize ?? 128,
            environment: input.environment?.variables ?? [:], description: input.description ?? "", architectures: input.architectures,
            ephemeralStorage: input.ephemeralStorage?.size ?? 512, pythons: runtime.pythons
        )
        if let tags = input.tags { try Self.check(tags: tags, context: context) }
        try await checkAssumable(settings.role, context)
        let zip = try await package(input.code, context, operation: "CreateFunction")
        let now = clock.now()
        var latest = FunctionRecord(
            account: context.account.rawValue, region: context.region.name, name: reference.name, version: "$LATEST", runtime: settings.runtime,
            role: settings.role, handler: settings.handler, description: settings.description, timeout: settings.timeout, memorySize: settings.memorySize,
            environment: settings.environment, codeSha256: Self.codeSha256(zip), codeSize: zip.count, revisionID: ids.uuid(), lastModified: now,
            architectures: settings.architectures, ephemeralStorage: settings.ephemeralStorage, stateReason: settings.stateReason, tags: input.tags ?? [:]
        )
        var records = [latest]
        if input.publish == true {
            let version = publishNext(&latest, description: nil)
            records = [latest, version]
            try await store.insert(records, zip: zip)
            return CreatedFunctionOutput(configuration: Self.shape(version))
        }
        try await store.insert(records, zip: zip)
        return CreatedFunctionOutput(configuration: Self.shape(latest))
    }

    func updateCode(_ input: UpdateFunctionCodeInput, _ context: ServiceContext) async throws -> FunctionConfigurationShape {
        let reference = try Self.reference(input.functionName, qualifier: nil)
        var latest = try await latest(reference.name, context)
        if let revision = input.revisionId, revision != latest.revisionID { throw LambdaError.preconditionFailed() }
        let zip = try await package(input.code, context, operation: "UpdateFunctionCode")
        if input.dryRun == true {
            var preview = latest
            preview.codeSha256 = Self.codeSha256(zip)
            preview.codeSize = zip.count
            return Self.shape(preview)
        }
        latest.codeSha256 = Self.codeSha256(zip)
        latest.codeSize = zip.count
        latest.revisionID = ids.uuid()
        latest.lastModified = clock.now()
        var records = [latest]
        var answer = latest
        if input.publish == true {
            let version = publishNext(&latest, description: nil)
            records = [latest, version]
            answer = version
        }
        let unused = try await store.save(records, newCode: (latest.codeSha256, zip))
        await runtime.pool.retire(functionARN: latest.unqualifiedARN, version: "$LATEST")
        for sha in unused { runtime.code.remove(sha: sha) }
        return Self.shape(answer)
    }

    func updateConfiguration(_ input: UpdateFunctionConfigurationInput, _ context: ServiceContext) async throws -> FunctionConfigurationShape {
        let reference = try Self.reference(input.functionName, qualifier: nil)
        var latest = try await latest(reference.name, context)
        if let revision = input.revisionId, revision != latest.revisionID { throw LambdaError.preconditionFailed() }
        let settings = try FunctionSettings(
            runtime: input.runtime ?? latest.runtime, handler: input.handler ?? latest.handler, role: input.role ?? latest.role,
            timeout: input.timeout ?? latest.timeout, memorySize: input.memorySize ?? latest.memorySize,
            environment: input.environment.map { $0.variables ?? [:] } ?? latest.environment, description: input.description ?? latest.description,
            architectures: latest.architectures, ephemeralStorage: input.ephemeralStorage?.size ?? latest.ephemeralStorage, pythons: runtime.pythons
        )
        if input.role != nil { try await checkAssumable(settings.role, context) }
        latest.runtime = settings.runtime
        latest.handler = settings.handler
        latest.role = settings.role
        latest.timeout = settings.timeout
        latest.memorySize = settings.memorySize
        latest.environment = settings.environment
        latest.description = settings.description
        latest.ephemeralStorage = settings.ephemeralStorage
        latest.stateReason = settings.stateReason
        latest.revisionID = ids.uuid()
        latest.lastModified = clock.now()
        try await store.save([latest])
        await runtime.pool.retire(functionARN: latest.unqualifiedARN, version: "$LATEST")
        return Self.shape(latest)
    }

    /// Lambda refuses a role its service cannot assume.
    func checkAssumable(_ role: String, _ context: ServiceContext) async throws {
        do {
            _ = try await roles.assumeRole(role, by: "lambda.amazonaws.com", for: context.account.rawValue, sessionName: "slipway-check", conditions: [:])
        } catch is AccessDeniedError {
            throw LambdaError.invalid("The role defined for the function cannot be assumed by Lambda.")
        }
    }

    /// The deployment package a `Code` names: the zip given, or the S3 object read with the caller's permissions;
    /// refused when it is not a readable zip or unpacks past 250 MB.
    func package(_ code: FunctionCodeShape, _ context: ServiceContext, operation: String) async throws -> [UInt8] {
        if code.imageUri != nil { throw LambdaError.invalid("Slipway runs .zip deployment packages; container images are not supported.") }
        let zip: [UInt8]
        switch (code.zipFile, code.s3Bucket, code.s3Key) {
        case (.some(let data), nil, nil):
            zip = Array(data)
        case (nil, .some(let bucket), .some(let key)):
            do {
                zip = try await objects.read(ObjectLocation(bucket: bucket, key: key, versionID: code.s3ObjectVersion), context: context.via("lambda.amazonaws.com"), limit: CodeArchive.maxUnzippedSize).bytes
            } catch let tooLarge as ObjectTooLarge {
                throw LambdaError.invalid("Unzipped size must be smaller than \(CodeArchive.maxUnzippedSize) bytes (the object is \(tooLarge.size) bytes).")
            } catch let error as any ServiceError {
                throw LambdaError.invalid("Error occurred while GetObject. S3 Error Code: \(error.code). S3 Error Message: \(error.message)")
            }
        case (nil, nil, nil):
            throw LambdaError.invalid("Please provide a source for function code.")
        default:
            throw LambdaError.invalid("Please provide either a ZipFile or an S3Bucket and S3Key for the function code, not both and not only one of S3Bucket and S3Key.")
        }
        guard let archive = try? CodeArchive(zip) else {
            throw LambdaError.invalid("Could not unzip uploaded file. Please check your file, then try to upload again.")
        }
        guard archive.unzippedSize < CodeArchive.maxUnzippedSize else {
            throw LambdaError.invalid("Unzipped size must be smaller than \(CodeArchive.maxUnzippedSize) bytes")
        }
        return zip
    }

    /// Tags as Lambda accepts them; `aws:` keys only from a caller allowed to write them (a stack's provider).
    static func check(tags: [String: String], context: ServiceContext) throws {
        guard tags.count <= 50 else { throw LambdaError.invalid("Number of tags exceeds resource tag limit.") }
        for (key, value) in tags {
            guard (1...128).contains(key.count), value.count <= 256 else {
                throw LambdaError.invalid("Tag keys must be 1 to 128 characters long and values at most 256 characters long.")
            }
            if key.lowercased().hasPrefix("aws:"), !(context.systemTagPrefix.map { key.hasPrefix($0) } ?? false) { throw LambdaError.invalid("Tag keys starting with 'aws:' are reserved for AWS use.") }
        }
    }
}
