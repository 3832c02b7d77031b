/// State shared by every decoder of one request.
final class DecodeContext {
    /// How a `payload` member's body is parsed when its type is a structure.
    let payloadFormat: PayloadFormat
    private var traitsCache: [ObjectIdentifier: XMLTraits] = [:]

    /// The document format of a structured payload.
    enum PayloadFormat { case xml, json }

    init(payloadFormat: PayloadFormat) {
        self.payloadFormat = payloadFormat
    }

    func traits(for type: any WireShape.Type) -> XMLTraits {
        let id = ObjectIdentifier(type)
        if let cached = traitsCache[id] { return cached }
        let traits = XMLTraits(type)
        traitsCache[id] = traits
        return traits
    }
}

/// The members of the root REST shape that travel outside the body.
struct BindingOverlay {
    /// Bound members present in the request.
    var values: [String: InputNode]
    /// Every bound key: these are never looked up in the body.
    var boundKeys: Set<String>
    /// The member bound to the whole body, if any; it reads as an empty body when the request has none.
    var payloadKey: String?
}
