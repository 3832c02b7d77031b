/// One message of AWS's binary event stream (`application/vnd.amazon.eventstream`): string headers and a payload,
/// framed with its lengths and CRC-32 checksums of the prelude and of the whole message.
public struct EventStreamMessage: Sendable {
    public var headers: [(name: String, value: String)]
    public var payload: [UInt8]

    public init(headers: [(name: String, value: String)], payload: [UInt8]) {
        self.headers = headers
        self.payload = payload
    }

    /// An event of `type` (`:message-type` `event`).
    public static func event(_ type: String, contentType: String, payload: [UInt8]) -> EventStreamMessage {
        EventStreamMessage(headers: [(":event-type", type), (":content-type", contentType), (":message-type", "event")], payload: payload)
    }

    /// A modeled error of `type` (`:message-type` `exception`) with a JSON payload.
    public static func exception(_ type: String, payload: [UInt8]) -> EventStreamMessage {
        EventStreamMessage(headers: [(":exception-type", type), (":content-type", "application/json"), (":message-type", "exception")], payload: payload)
    }

    /// The message's bytes on the wire.
    public var encoded: [UInt8] {
        var headerBytes: [UInt8] = []
        for (name, value) in headers {
            let nameBytes = Array(name.utf8.prefix(255)), valueBytes = Array(value.utf8.prefix(Int(UInt16.max)))
            headerBytes.append(UInt8(nameBytes.count))
            headerBytes += nameBytes
            headerBytes.append(7)  // string
            headerBytes += [UInt8(valueBytes.count >> 8), UInt8(valueBytes.count & 0xff)]
            headerBytes += valueBytes
        }
        let total = 12 + headerBytes.count + payload.count + 4
        var message = Self.bigEndian(UInt32(total)) + Self.bigEndian(UInt32(headerBytes.count))
        message += Self.bigEndian(Self.crc32(message))
        message += headerBytes
        message += payload
        message += Self.bigEndian(Self.crc32(message))
        return message
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { ~CRC32Engine.crc32.update(0xFFFF_FFFF, $0) }
    }
}
