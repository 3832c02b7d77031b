import ServiceKit

/// CloudFormation's inline function code (`Code.ZipFile` holds source text): packaged the way CloudFormation does,
/// as a zip holding `index.py` (so the handler is `index.<function>`) and a `cfnresponse` module for custom
/// resources, stored uncompressed.
enum InlineCode {
    static func package(source: String) -> [UInt8] {
        StoredZip.archive([("index.py", Array(source.utf8)), ("cfnresponse.py", Array(CFNResponseModule.source.utf8))])
    }
}
