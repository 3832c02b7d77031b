extension String {
    /// Whether the text holds U+0000, which PostgreSQL cannot store in a text column (SQLite can): input carrying
    /// one is refused at the edge, so both backends keep the same data.
    public var containsNUL: Bool { utf8.contains(0) }

    /// The text with each U+0000 replaced by U+FFFD, for records of what happened (audit, logs) that must be kept
    /// whatever bytes a request or a process produced.
    public var storableText: String {
        guard containsNUL else { return self }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars { scalars.append(scalar == "\0" ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }
}
