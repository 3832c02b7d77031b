import ServiceKit

/// What S3's resource providers share: S3's own operations, called as the stack's identity.
typealias ProviderCalls = StackCaller<S3Service>
