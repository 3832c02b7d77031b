import Compute
import Foundation
import Testing
@testable import SageMakerHosting

/// How images map to model servers, and how a running deployment spreads invocations over its variants.
@Suite struct ServingTests {
    func container(_ image: String, environment: [String: String] = [:]) -> ResolvedContainer {
        ResolvedContainer(image: image, modelDataUrl: "s3://b/model.tar.gz", modelDataSource: nil, environment: environment)
    }

    @Test func frameworkImagesServeWithSlipwaysModelServerAndOthersNeedAScriptOrAProfileCommand() throws {
        let custom = ImageProfile(name: "Mine", python: "3.11", packages: [], images: [#"registry\.example/mine:.*"#], serve: ["python", "-m", "myserver"])
        let serving = ServingProfiles(profiles: ImageProfiles(configured: [custom]))
        let xgboost = try #require(serving.plan(for: container("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1")))
        #expect(xgboost.framework == "xgboost" && xgboost.command == nil && xgboost.profile.packages.contains { $0.hasPrefix("xgboost==1.7") })
        #expect(serving.plan(for: container("123.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"))?.framework == "sklearn")
        // A plain Python image serves only a model that brings its inference script.
        #expect(serving.plan(for: container("python:3.11")) == nil)
        #expect(serving.plan(for: container("python:3.11", environment: ["SAGEMAKER_PROGRAM": "inference.py"]))?.framework == "generic")
        #expect(serving.plan(for: container("registry.example/mine:2"))?.command == ["python", "-m", "myserver"])
        #expect(serving.plan(for: container("123.dkr.ecr.us-east-1.amazonaws.com/unknown:1")) == nil)
    }

    final class Idle: RunningWork {
        func stop() {}
    }

    func instance(healthy: Bool) -> ModelServerInstance {
        let instance = ModelServerInstance(id: ModelServerInstance.newID(), port: 1, process: Idle(), exited: Task { 0 }, tail: OutputTail())
        instance.healthy.withLock { $0 = healthy }
        return instance
    }

    func deployment(_ variants: [(String, Float, [Bool])]) -> RunningDeployment {
        let deployment = Deployment(id: "d-1", configName: "c", variants: [], dataCapture: nil, started: Date())
        return RunningDeployment(deployment: deployment, variants: variants.map { name, weight, health in
            RunningVariant(name: name, weight: weight, instances: health.map { instance(healthy: $0) })
        })
    }

    @Test func invocationsFollowTheWeightsAndSkipVariantsWithoutAHealthyInstance() throws {
        let running = deployment([("a", 3, [true]), ("b", 1, [true]), ("off", 0, [true]), ("down", 5, [false])])
        var counts: [String: Int] = [:]
        for _ in 0..<4000 { counts[running.variant(target: nil)?.name ?? "none", default: 0] += 1 }
        #expect(counts["off"] == nil && counts["down"] == nil && counts["none"] == nil)
        let share = Double(counts["a", default: 0]) / 4000
        #expect(share > 0.7 && share < 0.8, "a took \(share) of the traffic, its weight is 3 of 4")
        #expect(running.variant(target: "off")?.name == "off")
        #expect(running.variant(target: "missing") == nil)
    }

    @Test func instancesAreTakenInTurnAndOnesThatDoNotAnswerAreSkipped() throws {
        let variant = RunningVariant(name: "v", weight: 1, instances: [instance(healthy: true), instance(healthy: false), instance(healthy: true)])
        let all = variant.instances.withLock { $0 }
        let picked = (0..<6).compactMap { _ in variant.pick() }
        #expect(picked.count == 6)
        #expect(!picked.contains { $0 === all[1] })
        #expect(picked.filter { $0 === all[0] }.count == 3 && picked.filter { $0 === all[2] }.count == 3)
        for instance in all { instance.healthy.withLock { $0 = false } }
        #expect(variant.pick() == nil)
    }
}

/// The endpoint name check on the invocation path agrees with SageMaker's pattern.
@Suite struct EndpointNameTests {
    @Test func namesFollowThePattern() {
        for good in ["a", "churn", "churn-v2", "a--b", "A1", String(repeating: "x", count: 63)] {
            #expect(RuntimeService.isEndpointName(good), "\(good)")
        }
        for bad in ["", "-a", "a-", "a_b", "a.b", "é", String(repeating: "x", count: 64), "a b"] {
            #expect(!RuntimeService.isEndpointName(bad), "\(bad)")
        }
    }
}
