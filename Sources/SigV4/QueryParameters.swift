/// Decoded query parameters by name, first occurrence winning, for reading the presign parameters.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ query: String) {
        for pair in ASCII.split(query, on: UInt8(ascii: "&"), omittingEmpty: true) {
            let (rawName, rawValue) = ASCII.cut(pair, at: UInt8(ascii: "=")) ?? (pair, "")
            let name = String(decoding: URIEncoding.decode(rawName, plusAsSpace: true), as: UTF8.self)
            if values[name] == nil {
                values[name] = String(decoding: URIEncoding.decode(rawValue, plusAsSpace: true), as: UTF8.self)
            }
        }
    }

    subscript(name: String) -> String? { values[name] }
}
