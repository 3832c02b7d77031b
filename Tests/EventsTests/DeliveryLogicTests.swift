import Foundation
@testable import Events
import SlipwayCore
import Testing

@Suite("EventBridge inputs and schedules")
struct DeliveryLogicTests {
    static let event = try! JSONValue.parse(#"{"id":"e1","source":"aws.sagemaker","detail-type":"SageMaker Model Package State Change","time":"2026-11-28T12:00:00Z","detail":{"ModelPackageGroupName":"churn","ModelPackageVersion":3,"tags":["a","b"]}}"#)  // a valid literal

    func target(input: String? = nil, path: String? = nil, transformer: InputTransformerShape? = nil) -> TargetShape {
        TargetShape(id: "t", arn: "arn:aws:lambda:us-east-1:123456789012:function:f", input: input, inputPath: path, inputTransformer: transformer)
    }

    func payload(_ target: TargetShape) -> String {
        InputShaping.payload(for: target, event: Self.event, eventText: "EVENT", ruleARN: "arn:aws:events:us-east-1:123456789012:rule/r", ruleName: "r")
    }

    @Test func targetsGetTheEventOrWhatTheyAskedFor() {
        #expect(payload(target()) == "EVENT")
        #expect(payload(target(input: #"{"fixed":1}"#)) == #"{"fixed":1}"#)
        #expect(payload(target(path: "$.detail.ModelPackageVersion")) == "3")
        #expect(payload(target(path: "$.detail.tags[1]")) == #""b""#)
        #expect(payload(target(path: "$['detail']['ModelPackageGroupName']")) == #""churn""#)
        #expect(payload(target(path: "$.detail.missing")) == "null")
        let json = InputTransformerShape(
            inputPathsMap: ["group": "$.detail.ModelPackageGroupName", "version": "$.detail.ModelPackageVersion"],
            inputTemplate: #"{"model": "<group> v<version>", "version": <version>, "group": <group>, "rule": "<aws.events.rule-name>"}"#
        )
        #expect(payload(target(transformer: json)) == #"{"model": "churn v3", "version": 3, "group": "churn", "rule": "r"}"#)
        let text = InputTransformerShape(inputPathsMap: ["group": "$.detail.ModelPackageGroupName"], inputTemplate: #""Group <group> changed""#)
        #expect(payload(target(transformer: text)) == #""Group churn changed""#)
        #expect(InputShaping.steps("detail.x") == nil && InputShaping.steps("$.") == nil && InputShaping.steps("$") == [])
    }

    @Test func ratesAndCronsFireWhenTheySay() throws {
        let start = Date(timeIntervalSince1970: 1_795_000_000)  // a Thursday
        #expect(try Schedule("rate(5 minutes)").next(after: start) == start.addingTimeInterval(300))
        #expect(try Schedule("rate(1 day)").next(after: start) == start.addingTimeInterval(86_400))
        for bad in ["rate(1 minutes)", "rate(2 minute)", "rate(0 hours)", "cron(0 12 * * * *)", "cron(0 12 ? * ? *)", "cron(61 * * * ? *)", "every minute"] {
            #expect(throws: Schedule.Invalid.self) { try Schedule(bad) }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!  // a valid literal
        let weekdayNoon = try #require(try Schedule("cron(0 12 ? * MON-FRI *)").next(after: start))
        let parts = calendar.dateComponents([.hour, .minute, .weekday], from: weekdayNoon)
        #expect(parts.hour == 12 && parts.minute == 0 && (2...6).contains(parts.weekday ?? 0) && weekdayNoon > start)
        let quarterHours = try #require(try Schedule("cron(0/15 * * * ? *)").next(after: start))
        #expect(calendar.component(.minute, from: quarterHours) % 15 == 0 && quarterHours.timeIntervalSince(start) <= 15 * 60)
        let lastDay = try #require(try Schedule("cron(30 23 L * ? *)").next(after: start))
        #expect(calendar.range(of: .day, in: .month, for: lastDay)?.count == calendar.component(.day, from: lastDay))
        let secondTuesday = try #require(try Schedule("cron(0 9 ? * 3#2 *)").next(after: start))
        #expect(calendar.component(.weekday, from: secondTuesday) == 3 && (8...14).contains(calendar.component(.day, from: secondTuesday)))
    }
}
