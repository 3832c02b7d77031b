import Foundation

/// What a container image URI stands for on this machine, where there are no images: a Python minor version and the
/// packages its environment holds (pinned), built once into a virtual environment every job of the image shares.
public struct ImageProfile: Sendable, Equatable, Codable {
    /// A name for errors and logs.
    public var name: String
    /// The Python minor version, e.g. `3.11`.
    public var python: String
    /// pip requirement specifiers, pinned (`scikit-learn==1.5.2`).
    public var packages: [String]
    /// Regular expressions an image URI must match in whole for this profile to stand for it (profiles files only).
    public var images: [String]
    /// The command that serves a model of this image under SageMaker's container contract (`GET /ping`,
    /// `POST /invocations` on `SAGEMAKER_BIND_TO_PORT`), for images Slipway has no model server of its own for.
    public var serve: [String]?

    enum CodingKeys: String, CodingKey { case name = "Name", python = "Python", packages = "Packages", images = "Images", serve = "Serve" }

    public init(name: String, python: String, packages: [String], images: [String] = [], serve: [String]? = nil) {
        self.name = name
        self.python = python
        self.packages = packages
        self.images = images
        self.serve = serve
    }

    /// The minor version `python` names, or nil when it names none.
    public var minor: Int? {
        let parts = python.split(separator: ".")
        guard parts.count == 2, parts[0] == "3" else { return nil }
        return Int(parts[1])
    }

    /// The environment's identity: equal profiles (whatever their names) share one built environment.
    public var key: String {
        (["python" + python] + packages.sorted()).joined(separator: "\n")
    }
}
