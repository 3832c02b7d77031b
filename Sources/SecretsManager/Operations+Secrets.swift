import Foundation
import ServiceKit
import SlipwayCore

extension SecretsManagerService {
    var secretOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateSecret", input: CreateSecretInput.self, access: { input, context in
                try await access("CreateSecret", input.name, context).requestingTags((input.tags ?? []).map { ($0.key, $0.value) })
                    .withConditions(Self.keys(["Name": input.name, "Description": input.description, "KmsKeyId": input.kmsKeyId]))
            }, handler: { input, context in
                guard (1...512).contains(input.name.count), input.name.range(of: #"^[A-Za-z0-9/_+=.@-]+$"#, options: .regularExpression) != nil else {
                    throw SecretsError.invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")
                }
                if let description = input.description, description.count > 2048 {
                    throw SecretsError.invalidParameter("Description must be at most 2048 characters long.")
                }
                try Self.check(tags: input.tags)
                let now = clock.now()
                var secret = SecretRecord(
                    arn: "arn:aws:secretsmanager:\(context.region.name):\(context.account):secret:\(input.name)-\(ids.randomString(length: 6, alphabet: Self.suffixAlphabet))",
                    account: context.account.rawValue, region: context.region.name, name: input.name, description: input.description,
                    kmsKeyID: input.kmsKeyId, tags: input.tags ?? [], policy: nil, created: now, lastChanged: now, lastAccessed: nil, deletionDate: nil, versions: []
                )
                var version: String?
                if let value = try Self.value(string: input.secretString, binary: input.secretBinary, required: false) {
                    let id = try versionID(input.clientRequestToken)
                    try addVersion(&secret, value: value, id: id, stages: ["AWSCURRENT"])
                    version = id
                }
                try await store.insert(secret)
                return SecretVersionOutput(arn: secret.arn, name: secret.name, versionId: version, versionStages: nil)
            }),
            ServiceOperation("DescribeSecret", input: SecretIDInput.self, access: { input, context in
                try await access("DescribeSecret", input.secretId, context)
            }, handler: { input, context in
                let secret = try await require(input.secretId, context)
                return DescribeSecretOutput(
                    arn: secret.arn, name: secret.name, description: secret.description, kmsKeyId: secret.kmsKeyID, rotationEnabled: false,
                    lastChangedDate: secret.lastChanged, lastAccessedDate: secret.lastAccessed, deletedDate: secret.deletionDate,
                    tags: secret.tags.isEmpty ? nil : secret.tags, versionIdsToStages: secret.stagesByVersion, createdDate: secret.created
                )
            }),
            ServiceOperation("ListSecrets", input: ListSecretsInput.self, access: { _, context in
                AccessRequest(action: "secretsmanager:ListSecrets", resource: "*", resourceAccount: context.account.rawValue)
            }, handler: { input, context in try await listSecrets(input, context) }),
            ServiceOperation("UpdateSecret", input: UpdateSecretInput.self, access: { input, context in
                try await access("UpdateSecret", input.secretId, context).withConditions(Self.keys(["Description": input.description, "KmsKeyId": input.kmsKeyId]))
            }, handler: { input, context in
                var secret = try await require(input.secretId, context)
                try Self.requireLive(secret)
                if let description = input.description { secret.description = description }
                if let key = input.kmsKeyId { secret.kmsKeyID = key }
                var version: String?
                if let value = try Self.value(string: input.secretString, binary: input.secretBinary, required: false) {
                    let id = try versionID(input.clientRequestToken)
                    try addVersion(&secret, value: value, id: id, stages: ["AWSCURRENT"])
                    version = id
                }
                secret.lastChanged = clock.now()
                try await store.update(secret)
                return SecretVersionOutput(arn: secret.arn, name: secret.name, versionId: version, versionStages: nil)
            }),
            ServiceOperation("DeleteSecret", input: DeleteSecretInput.self, access: { input, context in
                try await access("DeleteSecret", input.secretId, context).withConditions(Self.keys([
                    "RecoveryWindowInDays": input.recoveryWindowInDays.map(String.init), "ForceDeleteWithoutRecovery": input.forceDeleteWithoutRecovery.map { $0 ? "true" : "false" },
                ]))
            }, handler: { input, context in
                var secret = try await require(input.secretId, context)
                if input.forceDeleteWithoutRecovery == true, input.recoveryWindowInDays != nil {
                    throw SecretsError.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
                }
                let now = clock.now()
                if input.forceDeleteWithoutRecovery == true {
                    try await store.purge(secret.arn)
                    return DeleteSecretOutput(arn: secret.arn, name: secret.name, deletionDate: now)
                }
                let days = input.recoveryWindowInDays ?? 30
                guard (7...30).contains(days) else { throw SecretsError.invalidParameter("The recovery window must be between 7 and 30 days.") }
                try Self.requireLive(secret)
                secret.deletionDate = now.addingTimeInterval(Double(days) * 86_400)
                try await store.update(secret)
                return DeleteSecretOutput(arn: secret.arn, name: secret.name, deletionDate: secret.deletionDate ?? now)
            }),
            ServiceOperation("RestoreSecret", input: SecretIDInput.self, access: { input, context in
                try await access("RestoreSecret", input.secretId, context)
            }, handler: { input, context in
                var secret = try await require(input.secretId, context)
                secret.deletionDate = nil
                try await store.update(secret)
                return SecretNameOutput(arn: secret.arn, name: secret.name)
            }),
            ServiceOperation("GetRandomPassword", input: GetRandomPasswordInput.self, access: { _, context in
                AccessRequest(action: "secretsmanager:GetRandomPassword", resource: "*", resourceAccount: context.account.rawValue)
            }, handler: { input, _ in GetRandomPasswordOutput(randomPassword: try PasswordGenerator.generate(input)) }),
        ]
    }

    func listSecrets(_ input: ListSecretsInput, _ context: ServiceContext) async throws -> ListSecretsOutput {
        var secrets = try await store.secrets(account: context.account.rawValue, region: context.region.name)
        let now = clock.now()
        secrets = secrets.filter { secret in
            guard let deletion = secret.deletionDate else { return true }
            return deletion > now && input.includePlannedDeletion == true
        }
        for filter in input.filters ?? [] {
            let values = filter.values
            secrets = secrets.filter { secret in
                values.contains { value in
                    let negated = value.hasPrefix("!"), wanted = negated ? String(value.dropFirst()) : value
                    let matches: Bool = switch filter.key {
                    case "name": secret.name.hasPrefix(wanted)
                    case "description": secret.description?.hasPrefix(wanted) == true
                    case "tag-key": secret.tags.contains { $0.key.hasPrefix(wanted) }
                    case "tag-value": secret.tags.contains { $0.value.hasPrefix(wanted) }
                    case "all": secret.name.hasPrefix(wanted) || secret.description?.hasPrefix(wanted) == true
                        || secret.tags.contains { $0.key.hasPrefix(wanted) || $0.value.hasPrefix(wanted) }
                    default: false
                    }
                    return negated ? !matches : matches
                }
            }
        }
        secrets.sort { input.sortOrder == "asc" ? $0.created < $1.created : $0.created > $1.created }
        let limit = input.maxResults ?? 100
        guard (1...100).contains(limit) else { throw SecretsError.invalidParameter("MaxResults must be between 1 and 100.") }
        guard let page = OffsetPage(secrets, after: input.nextToken, limit: limit) else { throw SecretsError.invalidParameter("Invalid NextToken.") }
        return ListSecretsOutput(
            secretList: page.items.map { secret in
                SecretListEntryShape(
                    arn: secret.arn, name: secret.name, description: secret.description, lastChangedDate: secret.lastChanged,
                    lastAccessedDate: secret.lastAccessed, deletedDate: secret.deletionDate, tags: secret.tags.isEmpty ? nil : secret.tags,
                    secretVersionsToStages: secret.stagesByVersion, createdDate: secret.created
                )
            },
            nextToken: page.nextToken
        )
    }

    /// Tags as Secrets Manager takes them: at most 50, keys 1–128 and values up to 256 characters, none under `aws:`.
    static func check(tags: [TagShape]?) throws {
        guard let tags else { return }
        if tags.count > 50 { throw SecretsError.invalidParameter("A secret can have at most 50 tags.") }
        for tag in tags {
            guard (1...128).contains(tag.key.count), tag.value.count <= 256, !tag.key.lowercased().hasPrefix("aws:") else {
                throw SecretsError.invalidParameter("Invalid tag key or value: \(tag.key)")
            }
        }
    }
}
