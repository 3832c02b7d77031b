/// Lists in HTTP headers: comma-separated, with items quoted when they hold a comma or a quote (as botocore writes them).
enum HeaderList {
    /// Splits a header value into its items, unquoting quoted ones.
    static func split(_ value: String) -> [String] {
        var items: [String] = []
        var current: [UInt8] = []
        var inQuotes = false
        var wasQuoted = false
        var iterator = value.utf8.makeIterator()
        func finish() {
            var item = String(decoding: current, as: UTF8.self)
            if !wasQuoted { item = String(item.trimmingASCIISpaces()) }
            if wasQuoted || !item.isEmpty { items.append(item) }
            current.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        while let byte = iterator.next() {
            if inQuotes {
                if byte == UInt8(ascii: "\\") {
                    if let escaped = iterator.next() { current.append(escaped) }
                } else if byte == UInt8(ascii: "\"") {
                    inQuotes = false
                } else {
                    current.append(byte)
                }
            } else if byte == UInt8(ascii: ",") {
                finish()
            } else if byte == UInt8(ascii: "\""), current.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                current.removeAll()
                inQuotes = true
                wasQuoted = true
            } else if !(wasQuoted && (byte == 0x20 || byte == 0x09)) {
                current.append(byte)
            }
        }
        finish()
        return items
    }

    /// Joins items into one header value, quoting those that need it.
    static func join(_ items: [String]) -> String {
        items.map { item in
            guard item.contains(",") || item.contains("\"") else { return item }
            var quoted = "\""
            for character in item {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "\""
        }.joined(separator: ",")
    }
}
