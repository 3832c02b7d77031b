import Foundation
import Provisioning

/// The `AWS::S3::Bucket` configuration properties as CloudFormation spells them, and their translation into the S3
/// configurations the bucket operations take.
enum BucketConfigurations {
    static let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))

    static let cors = PropertyShape.object(ObjectShape([
        "CorsRules": .list(.object(ObjectShape([
            "AllowedHeaders": .list(.string), "AllowedMethods": .list(.string), "AllowedOrigins": .list(.string),
            "ExposedHeaders": .list(.string), "Id": .string, "MaxAge": .integer,
        ], required: ["AllowedMethods", "AllowedOrigins"]))),
    ], required: ["CorsRules"]))

    static let lifecycle = PropertyShape.object(ObjectShape([
        "Rules": .list(.object(ObjectShape([
            "Id": .string, "Status": .string, "Prefix": .string, "ExpirationInDays": .integer, "ExpirationDate": .string,
            "ExpiredObjectDeleteMarker": .boolean, "NoncurrentVersionExpirationInDays": .integer,
            "NoncurrentVersionExpiration": .object(ObjectShape(["NoncurrentDays": .integer, "NewerNoncurrentVersions": .integer], required: ["NoncurrentDays"])),
            "AbortIncompleteMultipartUpload": .object(ObjectShape(["DaysAfterInitiation": .integer], required: ["DaysAfterInitiation"])),
            "TagFilters": .list(tag), "ObjectSizeGreaterThan": .integer, "ObjectSizeLessThan": .integer,
        ], required: ["Status"]))),
    ], required: ["Rules"]))

    static let encryption = PropertyShape.object(ObjectShape([
        "ServerSideEncryptionConfiguration": .list(.object(ObjectShape([
            "ServerSideEncryptionByDefault": .object(ObjectShape(["SSEAlgorithm": .string, "KMSMasterKeyID": .string], required: ["SSEAlgorithm"])),
            "BucketKeyEnabled": .boolean,
        ]))),
    ], required: ["ServerSideEncryptionConfiguration"]))

    static let publicAccessBlock = PropertyShape.object(ObjectShape([
        "BlockPublicAcls": .boolean, "BlockPublicPolicy": .boolean, "IgnorePublicAcls": .boolean, "RestrictPublicBuckets": .boolean,
    ]))

    static let ownershipControls = PropertyShape.object(ObjectShape([
        "Rules": .list(.object(ObjectShape(["ObjectOwnership": .string], required: ["ObjectOwnership"]))),
    ], required: ["Rules"]))

    static let replication = PropertyShape.object(ObjectShape([
        "Role": .string,
        "Rules": .list(.object(ObjectShape([
            "Id": .string, "Status": .string, "Prefix": .string, "Priority": .integer,
            "Filter": .object(ObjectShape([
                "Prefix": .string, "TagFilter": tag, "And": .object(ObjectShape(["Prefix": .string, "TagFilters": .list(tag)])),
            ])),
            "Destination": .object(ObjectShape([
                "Bucket": .string, "Account": .string, "StorageClass": .string,
                "AccessControlTranslation": .object(ObjectShape(["Owner": .string], required: ["Owner"])),
            ], required: ["Bucket"])),
            "DeleteMarkerReplication": .object(ObjectShape(["Status": .string])),
        ], required: ["Destination", "Status"]))),
    ], required: ["Role", "Rules"]))

    static func integer(_ value: TemplateValue?) -> Int? { value?.scalarText.flatMap { Int($0) } }
    static func boolean(_ value: TemplateValue?) -> Bool? { value?.scalarText.map { $0 == "true" } }
    static func tags(_ value: TemplateValue?) -> [ObjectTag] {
        (value?.arrayValue ?? []).compactMap { tag in tag["Key"]?.scalarText.map { ObjectTag(key: $0, value: tag["Value"]?.scalarText ?? "") } }
    }

    static func cors(_ value: TemplateValue) -> CORSConfiguration {
        CORSConfiguration(rules: (value["CorsRules"]?.arrayValue ?? []).map { rule in
            CORSRule(
                id: rule["Id"]?.scalarText, allowedHeaders: rule["AllowedHeaders"]?.arrayValue?.compactMap(\.scalarText),
                allowedMethods: rule["AllowedMethods"]?.arrayValue?.compactMap(\.scalarText) ?? [],
                allowedOrigins: rule["AllowedOrigins"]?.arrayValue?.compactMap(\.scalarText) ?? [],
                exposeHeaders: rule["ExposedHeaders"]?.arrayValue?.compactMap(\.scalarText), maxAgeSeconds: integer(rule["MaxAge"])
            )
        })
    }

    static func lifecycle(_ value: TemplateValue) -> LifecycleConfiguration {
        LifecycleConfiguration(rules: (value["Rules"]?.arrayValue ?? []).map { rule in
            let prefix = rule["Prefix"]?.scalarText, tags = tags(rule["TagFilters"])
            let above = integer(rule["ObjectSizeGreaterThan"]), below = integer(rule["ObjectSizeLessThan"])
            let conditions = (prefix == nil ? 0 : 1) + tags.count + (above == nil ? 0 : 1) + (below == nil ? 0 : 1)
            let filter: LifecycleFilter = conditions > 1
                ? LifecycleFilter(and: LifecycleAnd(prefix: prefix, tags: tags.isEmpty ? nil : tags, objectSizeGreaterThan: above, objectSizeLessThan: below))
                : LifecycleFilter(prefix: prefix ?? (conditions == 0 ? "" : nil), tag: tags.first, objectSizeGreaterThan: above, objectSizeLessThan: below)
            let date = rule["ExpirationDate"]?.scalarText.flatMap { ISO8601DateFormatter().date(from: $0) }
            let days = integer(rule["ExpirationInDays"]), marker = boolean(rule["ExpiredObjectDeleteMarker"])
            let noncurrent = rule["NoncurrentVersionExpiration"].map {
                NoncurrentVersionExpiration(noncurrentDays: integer($0["NoncurrentDays"]), newerNoncurrentVersions: integer($0["NewerNoncurrentVersions"]))
            } ?? integer(rule["NoncurrentVersionExpirationInDays"]).map { NoncurrentVersionExpiration(noncurrentDays: $0, newerNoncurrentVersions: nil) }
            return LifecycleRule(
                id: rule["Id"]?.scalarText, prefix: nil, filter: filter, status: rule["Status"]?.scalarText ?? "",
                expiration: date == nil && days == nil && marker == nil ? nil : LifecycleExpiration(date: date, days: days, expiredObjectDeleteMarker: marker),
                noncurrentVersionExpiration: noncurrent,
                abortIncompleteMultipartUpload: rule["AbortIncompleteMultipartUpload"].map {
                    AbortIncompleteMultipartUpload(daysAfterInitiation: integer($0["DaysAfterInitiation"]))
                }
            )
        })
    }

    static func encryption(_ value: TemplateValue) -> ServerSideEncryptionConfiguration {
        ServerSideEncryptionConfiguration(rules: (value["ServerSideEncryptionConfiguration"]?.arrayValue ?? []).map { rule in
            ServerSideEncryptionRule(
                applyServerSideEncryptionByDefault: rule["ServerSideEncryptionByDefault"].map {
                    ServerSideEncryptionByDefault(sseAlgorithm: $0["SSEAlgorithm"]?.scalarText ?? "", kmsMasterKeyID: $0["KMSMasterKeyID"]?.scalarText)
                },
                bucketKeyEnabled: boolean(rule["BucketKeyEnabled"])
            )
        })
    }

    static func publicAccessBlock(_ value: TemplateValue) -> PublicAccessBlockConfiguration {
        PublicAccessBlockConfiguration(
            blockPublicAcls: boolean(value["BlockPublicAcls"]), ignorePublicAcls: boolean(value["IgnorePublicAcls"]),
            blockPublicPolicy: boolean(value["BlockPublicPolicy"]), restrictPublicBuckets: boolean(value["RestrictPublicBuckets"])
        )
    }

    static func ownershipControls(_ value: TemplateValue) -> OwnershipControlsShape {
        OwnershipControlsShape(rules: (value["Rules"]?.arrayValue ?? []).map { OwnershipControlsRuleShape(objectOwnership: $0["ObjectOwnership"]?.scalarText) })
    }

    static func replication(_ value: TemplateValue) -> ReplicationConfiguration {
        ReplicationConfiguration(role: value["Role"]?.scalarText ?? "", rules: (value["Rules"]?.arrayValue ?? []).map { rule in
            let filter = rule["Filter"].map { filter in
                ReplicationFilter(
                    prefix: filter["Prefix"]?.scalarText, tag: tags(filter["TagFilter"].map { .array([$0]) }).first,
                    and: filter["And"].map { ReplicationAnd(prefix: $0["Prefix"]?.scalarText, tags: tags($0["TagFilters"])) }
                )
            }
            let destination = rule["Destination"]
            return ReplicationRule(
                id: rule["Id"]?.scalarText, priority: integer(rule["Priority"]), prefix: rule["Prefix"]?.scalarText, filter: filter,
                status: rule["Status"]?.scalarText ?? "", existingObjectReplication: nil,
                destination: ReplicationDestination(
                    bucket: destination?["Bucket"]?.scalarText ?? "", account: destination?["Account"]?.scalarText,
                    storageClass: destination?["StorageClass"]?.scalarText,
                    accessControlTranslation: destination?["AccessControlTranslation"]?["Owner"]?.scalarText.map { AccessControlTranslation(owner: $0) }
                ),
                deleteMarkerReplication: rule["DeleteMarkerReplication"].map { ReplicationStatusElement(status: $0["Status"]?.scalarText) }
            )
        })
    }
}
