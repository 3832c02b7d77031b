extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let text = self[...]
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return Substring(text[first...last])
    }
}

extension Substring {
    /// Splits on a separator string, keeping empty pieces.
    func pieces(separatedBy separator: String) -> [Substring] {
        var pieces: [Substring] = []
        var rest = self
        while let range = rest.firstRange(of: separator) {
            pieces.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        pieces.append(rest)
        return pieces
    }
}
