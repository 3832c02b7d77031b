import ServiceKit

extension S3Service {
    /// S3 operations Slipway does not serve, with their routes from S3's service model. Each is answered
    /// `501 NotImplemented` naming it, so no request is mistaken for the operation a shorter route matches (a
    /// PutObjectRetention for a PutObject that would replace the object, a GetBucketWebsite for a listing). Where one
    /// route serves a Get and a List, `listName` is the operation without an `id`.
    static let unimplemented: [(name: String, method: String, template: String, listName: String?)] = [
        ("CreateBucketMetadataConfiguration", "POST", "/{Bucket}?metadataConfiguration", nil),
        ("CreateBucketMetadataTableConfiguration", "POST", "/{Bucket}?metadataTable", nil),
        ("CreateSession", "GET", "/{Bucket}?session", nil),
        ("DeleteBucketAnalyticsConfiguration", "DELETE", "/{Bucket}?analytics", nil),
        ("DeleteBucketIntelligentTieringConfiguration", "DELETE", "/{Bucket}?intelligent-tiering", nil),
        ("DeleteBucketInventoryConfiguration", "DELETE", "/{Bucket}?inventory", nil),
        ("DeleteBucketMetadataConfiguration", "DELETE", "/{Bucket}?metadataConfiguration", nil),
        ("DeleteBucketMetadataTableConfiguration", "DELETE", "/{Bucket}?metadataTable", nil),
        ("DeleteBucketMetricsConfiguration", "DELETE", "/{Bucket}?metrics", nil),
        ("DeleteBucketWebsite", "DELETE", "/{Bucket}?website", nil),
        ("GetBucketAbac", "GET", "/{Bucket}?abac", nil),
        ("GetBucketAccelerateConfiguration", "GET", "/{Bucket}?accelerate", nil),
        ("GetBucketAnalyticsConfiguration", "GET", "/{Bucket}?analytics", "ListBucketAnalyticsConfigurations"),
        ("GetBucketIntelligentTieringConfiguration", "GET", "/{Bucket}?intelligent-tiering", "ListBucketIntelligentTieringConfigurations"),
        ("GetBucketInventoryConfiguration", "GET", "/{Bucket}?inventory", "ListBucketInventoryConfigurations"),
        ("GetBucketLogging", "GET", "/{Bucket}?logging", nil),
        ("GetBucketMetadataConfiguration", "GET", "/{Bucket}?metadataConfiguration", nil),
        ("GetBucketMetadataTableConfiguration", "GET", "/{Bucket}?metadataTable", nil),
        ("GetBucketMetricsConfiguration", "GET", "/{Bucket}?metrics", "ListBucketMetricsConfigurations"),
        ("GetBucketNotificationConfiguration", "GET", "/{Bucket}?notification", nil),
        ("GetBucketRequestPayment", "GET", "/{Bucket}?requestPayment", nil),
        ("GetBucketWebsite", "GET", "/{Bucket}?website", nil),
        ("GetObjectAttributes", "GET", "/{Bucket}/{Key+}?attributes", nil),
        ("GetObjectLegalHold", "GET", "/{Bucket}/{Key+}?legal-hold", nil),
        ("GetObjectLockConfiguration", "GET", "/{Bucket}?object-lock", nil),
        ("GetObjectRetention", "GET", "/{Bucket}/{Key+}?retention", nil),
        ("GetObjectTorrent", "GET", "/{Bucket}/{Key+}?torrent", nil),
        ("PutBucketAbac", "PUT", "/{Bucket}?abac", nil),
        ("PutBucketAccelerateConfiguration", "PUT", "/{Bucket}?accelerate", nil),
        ("PutBucketAnalyticsConfiguration", "PUT", "/{Bucket}?analytics", nil),
        ("PutBucketIntelligentTieringConfiguration", "PUT", "/{Bucket}?intelligent-tiering", nil),
        ("PutBucketInventoryConfiguration", "PUT", "/{Bucket}?inventory", nil),
        ("PutBucketLogging", "PUT", "/{Bucket}?logging", nil),
        ("PutBucketMetricsConfiguration", "PUT", "/{Bucket}?metrics", nil),
        ("PutBucketNotificationConfiguration", "PUT", "/{Bucket}?notification", nil),
        ("PutBucketRequestPayment", "PUT", "/{Bucket}?requestPayment", nil),
        ("PutBucketWebsite", "PUT", "/{Bucket}?website", nil),
        ("PutObjectLegalHold", "PUT", "/{Bucket}/{Key+}?legal-hold", nil),
        ("PutObjectLockConfiguration", "PUT", "/{Bucket}?object-lock", nil),
        ("PutObjectRetention", "PUT", "/{Bucket}/{Key+}?retention", nil),
        ("RenameObject", "PUT", "/{Bucket}/{Key+}?renameObject", nil),
        ("RestoreObject", "POST", "/{Bucket}/{Key+}?restore", nil),
        ("SelectObjectContent", "POST", "/{Bucket}/{Key+}?select", nil),
        ("UpdateBucketMetadataInventoryTableConfiguration", "PUT", "/{Bucket}?metadataInventoryTable", nil),
        ("UpdateBucketMetadataJournalTableConfiguration", "PUT", "/{Bucket}?metadataJournalTable", nil),
        ("UpdateObjectEncryption", "PUT", "/{Bucket}/{Key+}?encryption", nil),
    ]

    var unimplementedOperations: [ServiceOperation] {
        Self.unimplemented.map { entry in
            ServiceOperation(entry.name, route: .init(entry.method, entry.template), raw: { request, _, _ in
                let name = entry.listName.flatMap { list in request.queryItems.contains { $0.name == "id" } ? nil : list } ?? entry.name
                throw S3Error(code: "NotImplemented", message: "Slipway does not implement \(name).", httpStatus: 501)
            })
        }
    }
}
