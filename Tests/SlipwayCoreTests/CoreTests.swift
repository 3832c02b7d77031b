import Foundation
import SlipwayCore
import Testing

@Suite("Core values")
struct CoreTests {
    @Test(arguments: [("123456789012", true), ("12345678901", false), ("1234567890123", false), ("12345678901a", false)])
    func accountIDs(text: String, valid: Bool) {
        #expect((AccountID(text) != nil) == valid)
    }

    @Test func arnsKeepColonsInTheResource() throws {
        let arn = try #require(ARN(parsing: "arn:aws:sts::123456789012:assumed-role/R/s:1"))
        #expect(arn.service == "sts")
        #expect(arn.region == "")
        #expect(arn.resource == "assumed-role/R/s:1")
        #expect(arn.description == "arn:aws:sts::123456789012:assumed-role/R/s:1")
        #expect(ARN(parsing: "arn:aws:iam") == nil)
    }

    @Test func nulCharactersAreFoundAndReplacedForRecords() {
        #expect("a\u{0}b".containsNUL)
        #expect(!"ab\u{FFFD}é".containsNUL)
        #expect("a\u{0}b\u{0}".storableText == "a\u{FFFD}b\u{FFFD}")
        #expect("\u{0}".storableText == "\u{FFFD}")
        #expect("é中\u{0}🥳".storableText == "é中\u{FFFD}🥳")
        #expect("unchanged".storableText == "unchanged")
    }

    @Test(arguments: [("us-east-1", true), ("eu-central-2", true), ("US-EAST-1", false), ("useast1", false), ("us-east-x", false)])
    func regions(name: String, valid: Bool) {
        #expect((Region(name) != nil) == valid)
    }

    @Test func randomAccountsAreTwelveDigits() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let account = AccountID.random(using: &generator)
            #expect(account.rawValue.count == 12)
            #expect(account.rawValue.first != "0")
        }
    }

    @Test func uniqueIDsHaveAWSShape() {
        let ids = RandomIDGenerator()
        let key = ids.uniqueID(prefix: "AKIA", length: 20)
        #expect(key.count == 20 && key.hasPrefix("AKIA"))
        #expect(key.allSatisfy { $0.isUppercase || $0.isNumber })
        #expect(ids.secretAccessKey().count == 40)
    }

    @Test func uuidsAreVersionFourInLowercase() throws {
        let ids = RandomIDGenerator()
        var seen = Set<String>()
        for _ in 0..<200 {
            let text = ids.uuid()
            let parsed = try #require(UUID(uuidString: text))
            #expect(parsed.uuidString.lowercased() == text)
            let bytes = parsed.uuid
            #expect(bytes.6 >> 4 == 4)
            #expect(bytes.8 >> 6 == 0b10)
            seen.insert(text)
        }
        #expect(seen.count == 200)
    }

    @Test func jsonValuesRoundTrip() throws {
        let value = try JSONValue.parse(#"{"b":[1,2.5,true,null],"a":"x"}"#)
        #expect(value["a"]?.stringValue == "x")
        #expect(value.serialized() == #"{"a":"x","b":[1,2.5,true,null]}"#)
    }

    @Test func offsetClockMovesForward() {
        let clock = OffsetWallClock()
        let before = clock.now()
        clock.advance(by: 1000)
        #expect(clock.now().timeIntervalSince(before) >= 1000)
    }
}
