import Foundation
import Compute
import ServiceKit
@testable import Lambda
import Testing

@Suite("Lambda logic")
struct LambdaLogicTests {
    /// A stored (uncompressed) zip holding one file, written the way zip tools lay it out.
    static func zip(name: String, contents: [UInt8]) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16 & 0xFFFF) }
        let nameBytes = Array(name.utf8)
        let local = le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(contents.count) + le32(contents.count)
            + le16(nameBytes.count) + le16(0) + nameBytes + contents
        let central = le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(contents.count)
            + le32(contents.count) + le16(nameBytes.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + nameBytes
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(1) + le16(1) + le32(central.count) + le32(local.count) + le16(0)
        return local + central + end
    }

    @Test func packagesAreReadFromTheirCentralDirectory() throws {
        let archive = try CodeArchive(Self.zip(name: "app.py", contents: Array("def handler(e, c): return 1\n".utf8)))
        #expect(archive.entries == [CodeArchive.Entry(path: "app.py", uncompressedSize: 28)])
        #expect(throws: CodeArchive.Failure.notAZip) { try CodeArchive(Array("not a zip at all, clearly not".utf8)) }
        var truncated = Self.zip(name: "app.py", contents: [1, 2, 3])
        truncated.removeFirst(10)
        #expect(throws: CodeArchive.Failure.self) { try CodeArchive(truncated) }
    }

    @Test func theNearestLocalPythonRunsAMissingVersion() {
        let installed = [PythonRuntimes.Interpreter(executable: "/usr/bin/python3.11", minor: 11), .init(executable: "/opt/python3.9", minor: 9)]
        #expect(PythonRuntimes.choose(minor: 11, runtime: "python3.11", among: installed) == .init(interpreter: installed[0], reason: nil))
        let newer = PythonRuntimes.choose(minor: 13, runtime: "python3.13", among: installed)
        #expect(newer?.interpreter == installed[0] && newer?.reason?.contains("python3.13 is not installed") == true)
        #expect(PythonRuntimes.choose(minor: 10, runtime: "python3.10", among: installed)?.interpreter == installed[0], "ties go to the newer")
        #expect(PythonRuntimes.choose(minor: 12, runtime: "python3.12", among: []) == nil)
        #expect(PythonRuntimes.minorVersion(of: "python3.12") == 12 && PythonRuntimes.minorVersion(of: "nodejs20.x") == nil)
    }

    @Test func functionReferencesInEveryForm() throws {
        #expect(try LambdaService.reference("fn", qualifier: nil) == ("fn", nil))
        #expect(try LambdaService.reference("fn:live", qualifier: nil) == ("fn", "live"))
        #expect(try LambdaService.reference("123456789012:function:fn", qualifier: "2") == ("fn", "2"))
        #expect(try LambdaService.reference("arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST", qualifier: nil) == ("fn", "$LATEST"))
        #expect(throws: LambdaError.self) { try LambdaService.reference("fn:1", qualifier: "2") }
        #expect(throws: (any Error).self) { try LambdaService.reference("bad name", qualifier: nil) }
        #expect(throws: (any Error).self) { try LambdaService.reference(String(repeating: "a", count: 65), qualifier: nil) }
    }

    @Test func settingsAreCheckedAsLambdaChecksThem() throws {
        let pythons = PythonRuntimes(searchPath: ProcessInfo.processInfo.environment["PATH"])
        func settings(runtime: String = "python3.11", timeout: Int = 3, memory: Int = 128, environment: [String: String] = [:]) throws -> FunctionSettings {
            try FunctionSettings(
                runtime: runtime, handler: "app.handler", role: "arn:aws:iam::123456789012:role/fn", timeout: timeout, memorySize: memory,
                environment: environment, description: "", architectures: nil, ephemeralStorage: 512, pythons: pythons
            )
        }
        guard !pythons.interpreters().isEmpty else { return }
        #expect(try settings().architectures == ["x86_64"])
        #expect(throws: LambdaError.self) { try settings(runtime: "python2.7") }
        #expect(throws: LambdaError.self) { try settings(runtime: "nodejs20.x") }
        #expect(throws: LambdaError.self) { try settings(runtime: "cobol") }
        #expect(throws: LambdaError.self) { try settings(timeout: 901) }
        #expect(throws: (any Error).self) { try settings(memory: 64) }
        #expect(throws: LambdaError.self) { try settings(environment: ["AWS_SESSION_TOKEN": "x"]) }
        #expect(throws: LambdaError.self) { try settings(environment: ["BIG": String(repeating: "x", count: 5000)]) }
    }

    @Test func statementsAreWrittenInLambdasOrder() {
        let text = LambdaService.statementText(
            sid: "events", principal: ["Service": "events.amazonaws.com"], action: "lambda:InvokeFunction",
            resource: "arn:aws:lambda:us-east-1:123456789012:function:fn", conditions: ["ArnLike": ["AWS:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/r"]]
        )
        #expect(text == #"{"Sid":"events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:fn","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:events:us-east-1:123456789012:rule/r"}}}"#)
        #expect(LambdaService.statementID(of: text) == "events")
    }

    @Test func outcomesBecomeLambdasAnswers() {
        #expect(FunctionRuntime.result(.response(Array("1".utf8)), requestID: "r", timeout: 3).functionError == nil)
        let exited = FunctionRuntime.result(.exited(status: 1), requestID: "r", timeout: 3)
        #expect(exited.functionError == "Unhandled" && String(decoding: exited.payload, as: UTF8.self).contains("Runtime.ExitError"))
        let timedOut = FunctionRuntime.result(.timedOut, requestID: "r", timeout: 3)
        #expect(String(decoding: timedOut.payload, as: UTF8.self).contains("r Task timed out after 3.00 seconds"))
        #expect(FunctionRuntime.timeoutMessage(String(decoding: timedOut.payload, as: UTF8.self))?.hasSuffix("Task timed out after 3.00 seconds") == true)
    }
}

@Suite("Lambda worker pool")
struct WorkerPoolTests {
    static func function(_ name: String, reserved: Int? = nil) -> FunctionRecord {
        FunctionRecord(
            account: "123456789012", region: "us-east-1", name: name, version: "$LATEST", runtime: "python3.11", role: "arn:aws:iam::123456789012:role/r",
            handler: "app.handler", description: "", timeout: 3, memorySize: 128, environment: [:], codeSha256: "sha", codeSize: 1, revisionID: "r1",
            lastModified: Date(), architectures: ["x86_64"], ephemeralStorage: 512, stateReason: nil, reservedConcurrency: reserved
        )
    }

    @Test func warmWorkersAreReusedAndIdleOnesReaped() async throws {
        let pool = WorkerPool(maxWorkers: 4, idleTimeout: .milliseconds(50))
        let record = Self.function("fn")
        let logs = FunctionLogs(port: DiscardedLogs())
        let reserved = try await pool.acquire(record)
        #expect(reserved == nil, "no warm worker: a slot is reserved for a new one")
        let worker = Worker(token: "w1", function: record, logs: logs)
        await pool.register(worker)
        await pool.release(worker)
        let warm = try await pool.acquire(record)
        #expect(warm === worker, "the warm worker serves the next invocation")
        await pool.release(worker)
        try await Task.sleep(for: .milliseconds(80))
        await pool.reap()
        let live = await pool.liveCount
        #expect(worker.isStopped && live == 0)
    }

    @Test func concurrencyIsBoundedInAllAndPerFunction() async throws {
        let pool = WorkerPool(maxWorkers: 2, idleTimeout: .seconds(60))
        let logs = FunctionLogs(port: DiscardedLogs())
        for name in ["a", "b"] {
            _ = try await pool.acquire(Self.function(name))
            await pool.register(Worker(token: name, function: Self.function(name), logs: logs))
        }
        await #expect(throws: LambdaError.self) { try await pool.acquire(Self.function("c")) }
        await #expect(throws: LambdaError.self) { try await pool.acquire(Self.function("throttled", reserved: 0)) }
        await pool.cancelReservation(Self.function("a"))
        let freed = try await pool.acquire(Self.function("c"))
        #expect(freed == nil)
    }
}

/// A logs port that keeps nothing, for tests of what does not read logs.
struct DiscardedLogs: LogsPort {
    func append(_ messages: [String], group: String, stream: String, account: String, region: String) {}
    func messages(group: String, account: String, region: String) async throws -> [String] { [] }
}
