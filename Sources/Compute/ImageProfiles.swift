import Foundation

/// The image profiles a server knows: those an administrator lists in the profiles file of the data directory first,
/// then the built-in ones for SageMaker's base Python, scikit-learn and XGBoost images (the framework images on Python
/// 3.11) and the official Python images.
public struct ImageProfiles: Sendable {
    /// The SageMaker Python SDK the base Python profiles hold (its `@step` bootstrap runs in them).
    public static let sagemakerSDK = "sagemaker==3.27.0"
    /// The scientific stack the framework profiles share, pinned so every machine builds the same environment.
    public static let scientific = ["numpy==1.26.4", "pandas==2.2.3", "scipy==1.13.1", "boto3==1.35.99"]

    /// The administrator's profiles, in file order.
    public let configured: [ImageProfile]

    public init(configured: [ImageProfile] = []) {
        self.configured = configured
    }

    /// The profiles file: `{"Profiles": [{"Name": …, "Python": "3.11", "Packages": [...], "Images": ["regex", ...]}]}`.
    public struct File: Codable, Sendable {
        public var profiles: [ImageProfile]
        enum CodingKeys: String, CodingKey { case profiles = "Profiles" }
    }

    /// Reads a profiles file; a missing file is no profiles, a malformed one an error naming the problem.
    public static func load(_ url: URL) throws -> ImageProfiles {
        guard let data = try? Data(contentsOf: url) else { return ImageProfiles() }
        let decoder = JSONDecoder()
        do {
            let file = try decoder.decode(File.self, from: data)
            for profile in file.profiles {
                for pattern in profile.images where (try? NSRegularExpression(pattern: pattern)) == nil {
                    throw ProfileError(description: "image profile \(profile.name): \(pattern) is not a regular expression")
                }
                if profile.minor == nil {
                    throw ProfileError(description: "image profile \(profile.name): Python must be a version like 3.11")
                }
            }
            return ImageProfiles(configured: file.profiles)
        } catch let error as ProfileError {
            throw error
        } catch {
            throw ProfileError(description: "\(url.lastPathComponent) is not a valid profiles file: \(error)")
        }
    }

    /// A profiles file that cannot be used.
    public struct ProfileError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// What a job is told when no profile stands for its image.
    public static func unprofiled(_ image: String) -> String {
        "No image profile stands for image \(image): Slipway runs SageMaker's base Python (sagemaker-base-python-3XX), scikit-learn and XGBoost images and python:3.X; add a profile for it to image-profiles.json in the data directory."
    }

    /// The profile that stands for `image`, or nil when none does.
    public func profile(for image: String) -> ImageProfile? {
        for profile in configured where profile.images.contains(where: { Self.matches(image, $0) }) { return profile }
        return Self.builtIn(image)
    }

    /// The framework a SageMaker framework image serves models of (`xgboost`, `sklearn`), or nil for other images.
    public static func framework(of image: String) -> String? {
        switch repositoryAndTag(image).0 {
        case "sagemaker-xgboost", "xgboost": "xgboost"
        case "sagemaker-scikit-learn": "sklearn"
        default: nil
        }
    }

    static func matches(_ image: String, _ pattern: String) -> Bool {
        image.range(of: "^(?:\(pattern))$", options: .regularExpression) != nil
    }

    /// The repository and tag of an image URI: `…/sagemaker-xgboost:1.7-1` is (`sagemaker-xgboost`, `1.7-1`).
    static func repositoryAndTag(_ image: String) -> (String, String) {
        let last = image.split(separator: "/").last.map(String.init) ?? image
        let parts = last.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts.first ?? last, parts.count > 1 ? parts[1] : "latest")
    }

    /// The leading `X.Y` of an image tag (`1.2-1-cpu-py3` → `1.2`).
    static func version(_ tag: String) -> String? {
        guard let match = tag.range(of: "^[0-9]+\\.[0-9]+", options: .regularExpression) else { return nil }
        return String(tag[match])
    }

    /// The built-in profiles: SageMaker's base Python images (`sagemaker-base-python-310` … `-313`, the SDK
    /// preinstalled), its scikit-learn and XGBoost framework images (the version in the tag), and the official Python
    /// images (`python:3.12`, nothing preinstalled).
    static func builtIn(_ image: String) -> ImageProfile? {
        let (repository, tag) = repositoryAndTag(image)
        let base = repository.dropFirst("sagemaker-base-python-".count)
        if repository.hasPrefix("sagemaker-base-python-"), base.hasPrefix("3"), let minor = Int(base.dropFirst()), (8...13).contains(minor) {
            return ImageProfile(name: "SageMaker base Python 3.\(minor)", python: "3.\(minor)", packages: [sagemakerSDK])
        }
        switch repository {
        case "sagemaker-scikit-learn":
            let version = Self.version(tag) ?? "1.2"
            return ImageProfile(name: "SageMaker scikit-learn \(version)", python: "3.11", packages: ["scikit-learn==\(version).*"] + scientific)
        case "sagemaker-xgboost", "xgboost":
            let version = Self.version(tag) ?? "1.7"
            return ImageProfile(name: "SageMaker XGBoost \(version)", python: "3.11", packages: ["xgboost==\(version).*", "scikit-learn==1.5.2"] + scientific)
        case "python":
            guard let version = Self.version(tag), version.hasPrefix("3.") else { return nil }
            return ImageProfile(name: "Python \(version)", python: version, packages: [])
        default:
            return nil
        }
    }
}
