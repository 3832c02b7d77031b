/// The wire format a service speaks.
public enum WireProtocol: Sendable, Hashable {
    /// Form-encoded requests with `Action` and `Version`, XML responses (IAM, STS, CloudFormation).
    case query(apiVersion: String, xmlNamespace: String)
    /// JSON bodies naming the operation in `X-Amz-Target` (version "1.0" or "1.1").
    case json(version: String, targetPrefix: String)
    /// HTTP bindings with XML bodies (S3).
    case restXML(xmlNamespace: String?)
    /// HTTP bindings with JSON bodies (Lambda).
    case restJSON
}
