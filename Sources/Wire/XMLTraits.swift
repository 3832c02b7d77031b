/// The XML specifics of one shape type, read once per request.
struct XMLTraits {
    var flattened: Set<String> = []
    var memberNames: [String: String] = [:]
    var attributes: Set<String> = []

    static let none = XMLTraits()

    init() {}

    init(_ type: any WireShape.Type) {
        flattened = type.xmlFlattenedLists
        memberNames = type.xmlListMemberNames
        attributes = type.xmlAttributes
    }
}
