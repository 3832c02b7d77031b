import Foundation
import ServiceKit
import SlipwayCore

extension EventsService {
    /// The largest PutEvents request (all entries) EventBridge accepts.
    static let maxEventsSize = 262_144

    var putEventsOperations: [ServiceOperation] {
        [
            ServiceOperation("PutEvents", input: PutEventsInput.self, accessAll: { input, context in
                var requests: [AccessRequest] = []
                for bus in Set(input.entries.map { Self.busName($0.eventBusName) }).sorted() {
                    // The sources and detail types of the events put on that bus.
                    let entries = input.entries.filter { Self.busName($0.eventBusName) == bus }
                    var request = try await request("PutEvents", busARN(bus, context), context)
                    let sources = Array(Set(entries.compactMap(\.source))).sorted(), types = Array(Set(entries.compactMap(\.detailType))).sorted()
                    if !sources.isEmpty { request.conditions["events:source"] = sources }
                    if !types.isEmpty { request.conditions["events:detail-type"] = types }
                    requests.append(request)
                }
                return requests
            }, handler: { input, context in try await putEvents(input, context) }),
        ]
    }

    func putEvents(_ input: PutEventsInput, _ context: ServiceContext) async throws -> PutEventsOutput {
        guard (1...10).contains(input.entries.count) else {
            throw EventsError.validation("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10")
        }
        let size = input.entries.reduce(0) { total, entry in
            total + (entry.source?.utf8.count ?? 0) + (entry.detailType?.utf8.count ?? 0) + (entry.detail?.utf8.count ?? 0)
                + (entry.resources ?? []).reduce(0) { $0 + $1.utf8.count } + (entry.time == nil ? 0 : 14)
        }
        guard size <= Self.maxEventsSize else { throw EventsError.validation("Total size of the entries in the request is over the limit.") }
        var results: [PutEventsResultEntry] = []
        var deliveries: [DeliveryRecord] = []
        var knownBuses: [String: Bool] = ["default": true]
        for entry in input.entries {
            let busName = Self.busName(entry.eventBusName)
            if knownBuses[busName] == nil {
                knownBuses[busName] = try await store.bus(account: context.account.rawValue, region: context.region.name, name: busName) != nil
            }
            switch Self.problem(with: entry, busExists: knownBuses[busName] ?? false) {
            case .some(let (code, message)):
                results.append(PutEventsResultEntry(eventId: nil, errorCode: code, errorMessage: message))
            case nil:
                let id = UUID().uuidString.lowercased()
                let detail = (try? JSONValue.parse(entry.detail ?? "{}")) ?? .object([:])
                let event = EventEngine.envelope(
                    id: id, detailType: entry.detailType ?? "", source: entry.source ?? "", account: context.account.rawValue,
                    time: entry.time ?? clock.now(), region: context.region.name, resources: entry.resources ?? [], detail: detail
                )
                deliveries += try await engine.deliveries(for: event, account: context.account.rawValue, region: context.region.name, bus: busName)
                results.append(PutEventsResultEntry(eventId: id, errorCode: nil, errorMessage: nil))
            }
        }
        try await engine.enqueue(deliveries)
        return PutEventsOutput(failedEntryCount: results.filter { $0.errorCode != nil }.count, entries: results)
    }

    /// Why EventBridge refuses one entry (reported in its result, not as an error of the request).
    static func problem(with entry: PutEventsEntry, busExists: Bool) -> (String, String)? {
        guard let source = entry.source, !source.isEmpty else { return ("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.") }
        guard let detailType = entry.detailType, !detailType.isEmpty else {
            return ("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.")
        }
        guard let detail = entry.detail, !detail.isEmpty else { return ("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.") }
        guard case .object = try? JSONValue.parse(detail) else { return ("MalformedDetail", "Detail is malformed.") }
        if source.hasPrefix("aws.") { return ("NotAuthorizedForSourceException", "Not authorized for the source.") }
        guard busExists else { return ("InvalidArgument", "Event bus \(busName(entry.eventBusName)) does not exist.") }
        return nil
    }
}
