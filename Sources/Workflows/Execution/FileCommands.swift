import Foundation

/// The files a step writes to talk to the runner (`GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_PATH`,
/// `GITHUB_STEP_SUMMARY`), read after it ends.
enum FileCommands {
    /// A file command's content that does not follow the format.
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// `name=value` lines and `name<<DELIMITER` blocks, in order (a later name wins), as `GITHUB_OUTPUT` and
    /// `GITHUB_ENV` hold them.
    static func pairs(_ text: String, command: String) throws -> [(String, String)] {
        // Lines split on bytes: "\r\n" is one Character to Swift, and either ending is accepted.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...], as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        var pairs: [(String, String)] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isEmpty { continue }
            let equals = line.firstIndex(of: "=")
            let heredoc = line.range(of: "<<")
            if let heredoc, equals.map({ heredoc.lowerBound < $0 }) ?? true {
                let name = String(line[..<heredoc.lowerBound])
                let delimiter = String(line[heredoc.upperBound...])
                guard !name.isEmpty, !delimiter.isEmpty else {
                    throw Invalid(description: "Unable to process file command '\(command)' successfully. Invalid format '\(line)'")
                }
                var value: [String] = []
                var closed = false
                while index < lines.count {
                    let next = lines[index]
                    index += 1
                    if next == delimiter {
                        closed = true
                        break
                    }
                    value.append(next)
                }
                guard closed else {
                    throw Invalid(description: "Unable to process file command '\(command)' successfully. Matching delimiter not found '\(delimiter)'")
                }
                pairs.append((name, value.joined(separator: "\n")))
            } else if let equals {
                let name = String(line[..<equals])
                guard !name.isEmpty else { throw Invalid(description: "Unable to process file command '\(command)' successfully. Invalid format '\(line)'") }
                pairs.append((name, String(line[line.index(after: equals)...])))
            } else {
                throw Invalid(description: "Unable to process file command '\(command)' successfully. Invalid format '\(line)'")
            }
        }
        return pairs
    }

    /// The directories `GITHUB_PATH` lists, one per line.
    static func paths(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
