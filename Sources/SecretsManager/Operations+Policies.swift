import Foundation
import IAMPolicy
import ServiceKit
import SlipwayCore

extension SecretsManagerService {
    var policyOperations: [ServiceOperation] {
        [
            ServiceOperation("PutResourcePolicy", input: PutResourcePolicyInput.self, access: { input, context in
                try await access("PutResourcePolicy", input.secretId, context)
            }, handler: { input, context in
                var secret = try await require(input.secretId, context)
                try Self.requireLive(secret)
                do {
                    _ = try PolicyDocument.parse(input.resourcePolicy, kind: .resource)
                } catch {
                    throw SecretsError.malformedPolicy("This resource policy contains an error: \(error)")
                }
                secret.policy = input.resourcePolicy
                try await store.update(secret)
                return SecretNameOutput(arn: secret.arn, name: secret.name)
            }),
            ServiceOperation("GetResourcePolicy", input: SecretIDInput.self, access: { input, context in
                try await access("GetResourcePolicy", input.secretId, context)
            }, handler: { input, context in
                let secret = try await require(input.secretId, context)
                return GetResourcePolicyOutput(arn: secret.arn, name: secret.name, resourcePolicy: secret.policy)
            }),
            ServiceOperation("DeleteResourcePolicy", input: SecretIDInput.self, access: { input, context in
                try await access("DeleteResourcePolicy", input.secretId, context)
            }, handler: { input, context in
                var secret = try await require(input.secretId, context)
                secret.policy = nil
                try await store.update(secret)
                return SecretNameOutput(arn: secret.arn, name: secret.name)
            }),
            ServiceOperation("TagResource", input: TagResourceInput.self, access: { input, context in
                try await access("TagResource", input.secretId, context).requestingTags(input.tags.map { ($0.key, $0.value) })
            }, handler: { input, context in
                var secret = try await require(input.secretId, context)
                try Self.check(tags: input.tags)
                for tag in input.tags {
                    secret.tags.removeAll { $0.key == tag.key }
                    secret.tags.append(tag)
                }
                try Self.check(tags: secret.tags)
                try await store.update(secret)
                return EmptyShape()
            }),
            ServiceOperation("UntagResource", input: UntagResourceInput.self, access: { input, context in
                try await access("UntagResource", input.secretId, context).requestingTags([], keys: input.tagKeys)
            }, handler: { input, context in
                var secret = try await require(input.secretId, context)
                secret.tags.removeAll { input.tagKeys.contains($0.key) }
                try await store.update(secret)
                return EmptyShape()
            }),
        ]
    }
}
