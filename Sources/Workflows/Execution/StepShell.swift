import Foundation

/// How a `run` step's script is run: GitHub's shells and their command lines, the script file's extension, and the
/// header the log shows.
struct StepShell: Equatable, Sendable {
    /// The command line with `{0}` standing for the script's path.
    let template: [String]
    /// The script file's extension (`.sh`, `.py`).
    let fileExtension: String
    /// The line the log shows (`shell: /usr/bin/bash -e {0}`).
    let display: String

    /// The shell `name` names (nil: GitHub's default, `bash -e {0}`), or why it cannot run here.
    static func resolve(_ name: String?) throws -> StepShell {
        let bash = "/usr/bin/bash"
        switch name?.trimmingCharacters(in: .whitespaces) {
        case nil, "":
            return StepShell(template: [bash, "-e", "{0}"], fileExtension: ".sh", display: "\(bash) -e {0}")
        case "bash":
            return StepShell(template: [bash, "--noprofile", "--norc", "-eo", "pipefail", "{0}"], fileExtension: ".sh", display: "\(bash) --noprofile --norc -eo pipefail {0}")
        case "sh":
            return StepShell(template: ["/usr/bin/sh", "-e", "{0}"], fileExtension: ".sh", display: "/usr/bin/sh -e {0}")
        case "python":
            return StepShell(template: ["python", "{0}"], fileExtension: ".py", display: "python {0}")
        case "pwsh", "powershell", "cmd":
            throw StepFailure("The shell '\(name ?? "")' is not available on this runner (Linux, without PowerShell).")
        case let custom?:
            var words = custom.split(whereSeparator: \.isWhitespace).map(String.init)
            if !words.contains(where: { $0.contains("{0}") }) { words.append("{0}") }
            let fileExtension = words.first.map { $0.hasSuffix("python") || $0.hasSuffix("python3") } == true ? ".py" : ".sh"
            return StepShell(template: words, fileExtension: fileExtension, display: words.joined(separator: " "))
        }
    }

    /// The command that runs `script`.
    func command(script: String) -> [String] {
        template.map { $0.replacingOccurrences(of: "{0}", with: script) }
    }
}

/// Why a step or job failed, as its log says it.
struct StepFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
