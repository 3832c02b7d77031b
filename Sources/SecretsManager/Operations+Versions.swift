import Foundation
import ServiceKit
import SlipwayCore

extension SecretsManagerService {
    var versionOperations: [ServiceOperation] {
        [
            ServiceOperation("GetSecretValue", input: GetSecretValueInput.self, access: { input, context in
                try await access("GetSecretValue", input.secretId, context).withConditions(Self.keys(["VersionId": input.versionId, "VersionStage": input.versionStage]))
            }, handler: { input, context in
                var secret = try await require(input.secretId, context)
                try Self.requireLive(secret)
                let stage = input.versionStage ?? (input.versionId == nil ? "AWSCURRENT" : nil)
                guard let version = secret.versions.first(where: { version in
                    (input.versionId.map { $0 == version.id } ?? true) && (stage.map { version.stages.contains($0) } ?? true)
                }) else {
                    throw SecretsError(code: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret value for staging label: \(stage ?? "(none)")", httpStatus: 400)
                }
                let bytes = try sealer.open(version.sealed, secret: secret.arn, version: version.id)
                secret.lastAccessed = Calendar(identifier: .gregorian).startOfDay(for: clock.now())
                try await store.update(secret)
                return GetSecretValueOutput(
                    arn: secret.arn, name: secret.name, versionId: version.id, secretBinary: version.isBinary ? Data(bytes) : nil,
                    secretString: version.isBinary ? nil : String(decoding: bytes, as: UTF8.self), versionStages: version.stages, createdDate: version.created
                )
            }),
            ServiceOperation("PutSecretValue", input: PutSecretValueInput.self, access: { input, context in
                try await access("PutSecretValue", input.secretId, context)
            }, handler: { input, context in
                var secret = try await require(input.secretId, context)
                try Self.requireLive(secret)
                guard let value = try Self.value(string: input.secretString, binary: input.secretBinary, required: true) else { throw SecretsError.notFound() }
                let stages = input.versionStages ?? ["AWSCURRENT"]
                guard (1...20).contains(stages.count) else { throw SecretsError.invalidParameter("VersionStages must hold 1 to 20 labels.") }
                let id = try versionID(input.clientRequestToken)
                try addVersion(&secret, value: value, id: id, stages: stages)
                try await store.update(secret)
                let version = secret.versions.first { $0.id == id }
                return SecretVersionOutput(arn: secret.arn, name: secret.name, versionId: id, versionStages: version?.stages ?? stages)
            }),
        ]
    }
}
