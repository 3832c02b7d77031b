import Foundation
import SigV4
import Testing

/// One verifier shared by concurrent requests, as the edge uses it: the signing-key cache must hand every
/// request the key of its own secret, day, region and service.
@Suite struct SigV4VerifierConcurrencyTests {
    @Test func concurrentRequestsWithManyScopes() async throws {
        let verifier = SigV4Verifier()
        let base = TestSupport.date("20240301T000000Z")
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<400 {
                group.addTask {
                    // Cycle through secrets, days, regions and services so that neighbours never share a key.
                    let credentials = SigV4Credentials(accessKeyID: "AKID\(index % 7)", secretAccessKey: "secret-\(index % 7)")
                    let date = base.addingTimeInterval(Double(index % 5) * 86_400)
                    let region = ["us-east-1", "eu-west-1", "ap-south-1"][index % 3]
                    let service = ["iam", "sts", "s3", "sqs"][index % 4]
                    var request = SigV4Request(method: "GET", path: "/", query: "n=\(index)", headers: [("Host", "localhost")])
                    SigV4Signer.sign(&request, body: [], credentials: credentials, region: region, service: service, date: date)
                    guard let claim = try? SigV4Parser.claim(of: request) else { return false }
                    let accepted = (try? verifier.verify(claim, request: request, body: [], secretAccessKey: credentials.secretAccessKey, now: date)) != nil
                    let refused = (try? verifier.verify(claim, request: request, body: [], secretAccessKey: "secret-\(index % 7 + 1)", now: date)) == nil
                    return accepted && refused
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 400)
        #expect(results.allSatisfy { $0 })
    }
}
