import Logging

/// Writes log lines to standard error as swift-log's `StreamLogHandler` does, but formats metadata only when a line is
/// written: the stream handler re-formats all of it whenever a key is set, and every request sets one.
public struct LineLogHandler: LogHandler {
    /// The metadata set on the logger, formatted only into lines actually written.
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level {
        get { writer.logLevel }
        set { writer.logLevel = newValue }
    }
    /// The stream handler that formats and writes each line; it holds no metadata of its own.
    private var writer: StreamLogHandler

    /// A handler for the logger named `label`, writing to standard error.
    public static func standardError(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> LineLogHandler {
        LineLogHandler(writer: .standardError(label: label), metadataProvider: metadataProvider)
    }

    private init(writer: StreamLogHandler, metadataProvider: Logger.MetadataProvider?) {
        self.writer = writer
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = event
        line.metadata = Self.merged(base: metadata, provided: metadataProvider?.get() ?? [:], explicit: event.metadata ?? [:])
        writer.log(event: line)
    }

    /// The metadata a line carries: the logger's own, then the provider's, then what the call passed, later ones winning.
    static func merged(base: Logger.Metadata, provided: Logger.Metadata, explicit: Logger.Metadata) -> Logger.Metadata? {
        var all = base
        all.merge(provided) { $1 }
        all.merge(explicit) { $1 }
        return all.isEmpty ? nil : all
    }
}
