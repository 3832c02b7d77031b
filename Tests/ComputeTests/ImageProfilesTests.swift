@testable import Compute
import Foundation
import Testing

@Suite("Image profiles")
struct ImageProfilesTests {
    @Test(arguments: [
        ("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", "3.11", "scikit-learn==1.2.*"),
        ("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1", "3.11", "xgboost==1.7.*"),
        ("081325390199.dkr.ecr.us-east-1.amazonaws.com/sagemaker-base-python-310:1.0", "3.10", ImageProfiles.sagemakerSDK),
        ("081325390199.dkr.ecr.us-east-1.amazonaws.com/sagemaker-base-python-38:1.0", "3.8", ImageProfiles.sagemakerSDK),
        ("sagemaker-base-python-313:1.0", "3.13", ImageProfiles.sagemakerSDK),
        ("public.ecr.aws/docker/library/python:3.12-slim", "3.12", nil),
        ("python:3.11", "3.11", nil),
    ] as [(String, String, String?)])
    func builtInProfilesStandForSageMakersImages(image: String, python: String, package: String?) throws {
        let profile = try #require(ImageProfiles().profile(for: image))
        #expect(profile.python == python)
        if let package { #expect(profile.packages.contains(package)) } else { #expect(profile.packages.isEmpty) }
    }

    @Test(arguments: ["my-own-image:7", "python:latest", "python:2.7", "sagemaker-base-python-2:1", "ubuntu:22.04"])
    func otherImagesHaveNoProfile(image: String) {
        #expect(ImageProfiles().profile(for: image) == nil)
    }

    @Test func anAdministratorsProfilesComeFirstAndAreChecked() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try #"{"Profiles": [{"Name": "team", "Python": "3.11", "Packages": ["polars==1.9.0"], "Images": ["registry\\.example/team/.*", ".*/sagemaker-xgboost:2\\..*"]}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let profiles = try ImageProfiles.load(file)
        #expect(profiles.profile(for: "registry.example/team/train:4")?.name == "team")
        #expect(profiles.profile(for: "x.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:2.0-1")?.packages == ["polars==1.9.0"])
        #expect(profiles.profile(for: "x.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1")?.name == "SageMaker XGBoost 1.7")
        #expect(profiles.profile(for: "registry.example/other:1") == nil)
        #expect(try ImageProfiles.load(file.appendingPathExtension("missing")).configured.isEmpty)
        for broken in [#"{"Profiles": [{"Name": "x", "Python": "three", "Packages": [], "Images": []}]}"#,
                       #"{"Profiles": [{"Name": "x", "Python": "3.11", "Packages": [], "Images": ["(unclosed"]}]}"#, "not json"] {
            try broken.write(to: file, atomically: true, encoding: .utf8)
            #expect(throws: ImageProfiles.ProfileError.self) { try ImageProfiles.load(file) }
        }
    }

    @Test func equalProfilesShareOneEnvironment() {
        let one = ImageProfile(name: "a", python: "3.11", packages: ["b==1", "a==2"])
        let other = ImageProfile(name: "b", python: "3.11", packages: ["a==2", "b==1"])
        #expect(one.key == other.key)
        #expect(one.key != ImageProfile(name: "a", python: "3.12", packages: ["b==1", "a==2"]).key)
    }

    @Test func aJobsViewPutsItsOwnSitePackagesBeforeTheSharedOnes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("views-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let interpreter = PythonRuntimes.Interpreter(executable: "/usr/bin/python3.11", minor: 11, program: "/usr/bin/python3.11", prefixes: ["/usr"])
        let environments = PythonEnvironments(root: root, sandbox: Sandbox(), pythons: PythonRuntimes(searchPath: ""))
        let shared = PythonEnvironments.Environment(prefix: root.appendingPathComponent("env").path, interpreter: interpreter)
        let view = try environments.jobView(of: shared, in: root.appendingPathComponent("job"), at: "/opt/slipway/venv")
        #expect(view.python == "/opt/slipway/venv/bin/python3")
        #expect(view.mounts.first == .readOnly(host: shared.prefix, at: shared.prefix))
        let pth = try String(contentsOf: root.appendingPathComponent("job/lib/python3.11/site-packages/_slipway_profile.pth"), encoding: .utf8)
        #expect(pth == shared.sitePackages + "\n")
        let config = try String(contentsOf: root.appendingPathComponent("job/pyvenv.cfg"), encoding: .utf8)
        #expect(config.contains("home = /usr/bin") && config.contains("include-system-site-packages = false"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("job/bin/python3").path) == "/usr/bin/python3.11")
    }
}
