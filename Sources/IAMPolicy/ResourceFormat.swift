/// The checks IAM makes on each `Resource` and `NotResource` entry, with the fault it reports first.
enum ResourceFormat {
    static let partitions: Set<String> = [
        "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc", "*",
    ]

    /// The problem with `resource`, or `nil` when IAM accepts it.
    static func problem(with resource: String) -> PolicyProblem? {
        if resource == "*" { return nil }
        guard let firstColon = resource.firstIndex(of: ":") else { return .resourceFormat(resource) }
        let afterPrefix = resource[resource.index(after: firstColon)...]
        let partitionEnd = afterPrefix.firstIndex(of: ":")
        let partition = String(afterPrefix[..<(partitionEnd ?? afterPrefix.endIndex)])
        let remainder = partitionEnd.map { afterPrefix[afterPrefix.index(after: $0)...] } ?? ""
        if !partitions.contains(partition) {
            return .resourcePartition(partition: partition, resource: reconstructed(partition: partition, remainder: remainder))
        }
        guard partitionEnd != nil else { return .resourceVendor }
        let segments = remainder.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        let service = String(segments[0])
        if segments.count > 1, !segments[1].isEmpty, service == "iam" || service == "s3" {
            return .regionNotAllowed(service: service, resource: resource)
        }
        if service == "iam", segments.count == 4,
           !PolicyProblem.iamResourcePrefixes.contains(where: { segments[3].hasPrefix($0) }), !segments[3].hasPrefix("*") {
            return .iamResourcePath
        }
        // What IAM calls legacy parsing: an ARN short of its six parts that still holds an empty one.
        let colons = resource.count(where: { $0 == ":" })
        if colons < 5 && resource.contains("::") { return .legacyParsing }
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count > 2 && parts[2].isEmpty { return .legacyParsing }
        return nil
    }

    /// The resource as IAM echoes it in a partition fault: six parts, missing ones shown as `*`.
    private static func reconstructed(partition: String, remainder: Substring) -> String {
        let parts = remainder.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let first = !parts[0].isEmpty || parts.count > 1 ? parts[0] : "*"
        let second = parts.count > 1 ? parts[1] : "*"
        let third = parts.count > 2 ? parts[2] : "*"
        let rest = parts.count > 3 ? parts[3...].joined(separator: ":") : "*"
        return "arn:\(partition):\(first):\(second):\(third):\(rest)"
    }
}
