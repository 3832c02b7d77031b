import Compute
import Foundation

/// How a container image serves models here, where there are no images: the image profile whose environment the
/// model server runs in, and the model server — Slipway's own for SageMaker's XGBoost and scikit-learn images (and
/// for any image whose model names an inference script in `SAGEMAKER_PROGRAM`), or the command an administrator's
/// profile gives.
struct ServingProfiles: Sendable {
    let profiles: ImageProfiles

    /// What runs a container: its environment's profile, and the command serving it (nil: Slipway's model server,
    /// told `framework`).
    struct Plan: Sendable, Equatable {
        var profile: ImageProfile
        var command: [String]?
        var framework: String
    }

    func plan(for container: ResolvedContainer) -> Plan? {
        guard let profile = profiles.profile(for: container.image) else { return nil }
        if let command = profile.serve, !command.isEmpty { return Plan(profile: profile, command: command, framework: "custom") }
        if let framework = ImageProfiles.framework(of: container.image) { return Plan(profile: profile, command: nil, framework: framework) }
        if container.environment["SAGEMAKER_PROGRAM"] != nil { return Plan(profile: profile, command: nil, framework: "generic") }
        return nil
    }

    /// The error for an image nothing serves.
    static func unprofiled(_ image: String) -> String {
        "No serving profile stands for image \(image): Slipway serves SageMaker's XGBoost and scikit-learn images, models with an inference script (SAGEMAKER_PROGRAM) on any profiled image, and images whose profile in image-profiles.json gives a Serve command."
    }
}
