import Testing
import Wire
@testable import ServiceKit

/// How the registry finds the service a request is for: by its signature's scope, unless a header claims it for a
/// service sharing that signing name (an MLflow app's traffic is signed as `sagemaker`).
@Suite struct ServiceRegistryTests {
    struct Named: AWSService {
        let serviceName: String
        let signingName: String
        var claimingHeader: String? = nil
        var wireProtocol: WireProtocol { .restJSON }
        var operations: [ServiceOperation] { [] }
    }

    let registry = ServiceRegistry([
        Named(serviceName: "sagemaker", signingName: "sagemaker"),
        Named(serviceName: "mlflow-apps", signingName: "sagemaker", claimingHeader: "x-sm-mlflow-app-arn"),
        Named(serviceName: "mlflow-servers", signingName: "sagemaker-mlflow", claimingHeader: "x-mlflow-sm-tracking-server-arn"),
    ])

    @Test func aSigningNameFindsItsOwnServiceNotAClaimingOne() {
        #expect(registry.service(signingName: "sagemaker")?.service.serviceName == "sagemaker")
    }

    @Test func aClaimingHeaderWinsForTheServiceThatClaimsIt() {
        let headers = ["x-sm-mlflow-app-arn": "arn:aws:sagemaker:us-east-1:111111111111:mlflow-app/app-1"]
        #expect(registry.service(claimedBy: { headers[$0] })?.service.serviceName == "mlflow-apps")
        #expect(registry.service(claimedBy: { _ in nil }) == nil)
    }

    @Test func aClaimingServiceAloneOnItsSigningNameIsFoundByIt() {
        #expect(registry.service(signingName: "sagemaker-mlflow")?.service.serviceName == "mlflow-servers")
    }

    @Test func claimedServicesAreNeverFoundByPathAlone() {
        #expect(registry.entries.filter(registry.isClaimedOnly).map(\.service.serviceName).sorted() == ["mlflow-apps", "mlflow-servers"])
    }
}
