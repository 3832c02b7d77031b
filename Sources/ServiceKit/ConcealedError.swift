/// An error only a caller allowed `unlessAllowed` may see; anyone else is denied instead, so the error reveals
/// nothing they could not already learn (S3's `NoSuchKey` goes only to callers who may list the bucket).
public struct ConcealedError: Error {
    public let error: any Error
    public let unlessAllowed: AccessRequest

    public init(_ error: any Error, unlessAllowed: AccessRequest) {
        self.error = error
        self.unlessAllowed = unlessAllowed
    }
}
