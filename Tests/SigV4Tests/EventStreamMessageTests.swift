import Testing
@testable import SigV4

/// AWS event stream framing: lengths, the prelude's and the message's CRC-32, string headers.
@Suite struct EventStreamMessageTests {
    func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }

    @Test func aMessageIsFramedWithItsLengthsAndChecksums() {
        let message = EventStreamMessage.event("PayloadPart", contentType: "application/octet-stream", payload: Array("1.5\n".utf8)).encoded
        #expect(Int(bigEndian(message[0..<4])) == message.count)
        let headersLength = Int(bigEndian(message[4..<8]))
        #expect(bigEndian(message[8..<12]) == EventStreamMessage.crc32(Array(message[0..<8])))
        #expect(bigEndian(message[(message.count - 4)...]) == EventStreamMessage.crc32(Array(message[..<(message.count - 4)])))
        #expect(Array(message[(12 + headersLength)..<(message.count - 4)]) == Array("1.5\n".utf8))
        // The first header: name length, name, type 7 (string), value length, value.
        #expect(message[12] == 11 && String(decoding: message[13..<24], as: UTF8.self) == ":event-type" && message[24] == 7)
        #expect(Int(bigEndian(message[25..<27])) == 11 && String(decoding: message[27..<38], as: UTF8.self) == "PayloadPart")
    }

    @Test func theChecksumIsCRC32() {
        // The standard check value of CRC-32 over "123456789".
        #expect(EventStreamMessage.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
