/// One element of a parsed XML document: name, attributes, child elements and (for leaves) text.
final class XMLElementNode {
    /// The name as written, prefix included (`xsi:type`).
    let name: String
    var attributes: [(name: String, value: String)]
    var children: [XMLElementNode] = []
    /// The character data of the element; empty for elements that have children.
    var text: String = ""

    init(name: String, attributes: [(name: String, value: String)]) {
        self.name = name
        self.attributes = attributes
    }

    /// The name without its namespace prefix.
    var localName: Substring {
        if let colon = name.firstIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    /// The first child element with this local name.
    func child(named key: String) -> XMLElementNode? {
        for child in children where child.localName == key { return child }
        return nil
    }

    /// Every child element with this local name, in document order.
    func children(named key: String) -> [XMLElementNode] {
        children.filter { $0.localName == key }
    }

    /// An attribute by qualified name (`xsi:type`), or by local name when no prefix is asked for.
    func attribute(_ key: String) -> String? {
        for attribute in attributes where attribute.name == key { return attribute.value }
        let wanted = key.firstIndex(of: ":").map { key[key.index(after: $0)...] } ?? key[...]
        for attribute in attributes {
            let local = attribute.name.firstIndex(of: ":").map { attribute.name[attribute.name.index(after: $0)...] }
                ?? attribute.name[...]
            if local == wanted, !attribute.name.hasPrefix("xmlns") { return attribute.value }
        }
        return nil
    }
}
