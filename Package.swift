// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Slipway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "slipway", targets: ["slipway"]),
        .library(name: "SlipwayServer", targets: ["SlipwayServer"]),
        .library(name: "SlipwayTesting", targets: ["SlipwayTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.3.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(name: "SlipwayCore", dependencies: [.product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),
        .target(
            name: "SigV4",
            dependencies: ["SlipwayCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(name: "Wire", dependencies: ["SlipwayCore"], swiftSettings: swiftSettings),
        .target(name: "IAMPolicy", dependencies: ["SlipwayCore"], swiftSettings: swiftSettings),
        .target(name: "Compute", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .target(
            name: "Provisioning",
            dependencies: [
                "SlipwayCore", .product(name: "OrderedCollections", package: "swift-collections"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TemplateEngine",
            dependencies: [
                "SlipwayCore", "Provisioning",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MetadataStore",
            dependencies: [
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MetadataStoreSQLite",
            dependencies: [
                "MetadataStore",
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MetadataStorePostgres",
            dependencies: ["MetadataStore", .product(name: "PostgresKit", package: "postgres-kit")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "SlipwayCore", "Wire", "IAMPolicy", "MetadataStore", "Provisioning",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IAM",
            dependencies: [
                "SlipwayCore", "ServiceKit", "IAMPolicy", "MetadataStore", "Wire",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BlobStore",
            dependencies: [
                "MetadataStore",
                "SlipwayCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "S3",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Wire", "IAMPolicy", "BlobStore", "SigV4", "Provisioning",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CloudFormation",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Wire", "TemplateEngine", "Provisioning",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Events",
            dependencies: [
                "SlipwayCore", "ServiceKit", "Wire", "MetadataStore", "Provisioning",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Lambda",
            dependencies: [
                "SlipwayCore", "ServiceKit", "Compute", "MetadataStore", "Wire", "IAMPolicy", "Provisioning",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SageMakerPipelines",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Provisioning",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SageMakerTraining",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Compute",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MLflow",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Compute", "Wire", "Provisioning",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SageMakerHosting",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Compute", "Wire", "Provisioning", "SigV4",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Git",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Wire", "SigV4", "Provisioning",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .target(
            name: "Workflows",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Compute", "Git", "CSodium", "Wire", "Provisioning",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Logs",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Wire",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SecretsManager",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Wire", "IAMPolicy", "Provisioning",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ResourceGroupsTagging",
            dependencies: ["SlipwayCore", "ServiceKit", "Wire"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SageMaker",
            dependencies: [
                "SlipwayCore", "ServiceKit", "MetadataStore", "Wire", "TemplateEngine", "Provisioning",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Edge",
            dependencies: [
                "SlipwayCore", "ServiceKit", "SigV4", "Wire", "IAMPolicy", "MetadataStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Console",
            dependencies: [
                "SlipwayCore", "ServiceKit", "Wire", "MetadataStore",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayServer",
            dependencies: [
                "SlipwayCore", "ServiceKit", "Edge", "Compute", "IAM", "S3", "CloudFormation", "SageMaker", "ResourceGroupsTagging", "SecretsManager", "Events", "Lambda", "Logs", "SageMakerTraining", "SageMakerPipelines", "MLflow", "SageMakerHosting", "Git", "Workflows", "Console", "TemplateEngine", "BlobStore", "MetadataStore",
                "MetadataStoreSQLite", "MetadataStorePostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "slipway",
            dependencies: [
                "SlipwayServer", "SigV4", "Git",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SlipwayTesting",
            dependencies: [
                "SlipwayServer", "SigV4", "SlipwayCore", "MetadataStorePostgres",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SlipwayCoreTests", dependencies: ["SlipwayCore", .product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),
        .testTarget(name: "SigV4Tests", dependencies: ["SigV4"], swiftSettings: swiftSettings),
        .testTarget(name: "ServiceKitTests", dependencies: ["ServiceKit"], swiftSettings: swiftSettings),
        .testTarget(name: "ComputeTests", dependencies: ["Compute"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ResourceGroupsTaggingTests", dependencies: ["ResourceGroupsTagging", "ServiceKit", "SlipwayCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SecretsManagerTests",
            dependencies: ["SecretsManager", "SlipwayCore", "MetadataStoreSQLite", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LambdaTests",
            dependencies: ["Lambda", "Compute", "ServiceKit", "SlipwayCore", "MetadataStoreSQLite", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SageMakerTrainingTests", dependencies: ["SageMakerTraining"], swiftSettings: swiftSettings),
        .testTarget(name: "SageMakerPipelinesTests", dependencies: ["SageMakerPipelines"], swiftSettings: swiftSettings),
        .testTarget(name: "MLflowTests", dependencies: ["MLflow", "ServiceKit", "SlipwayCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SageMakerHostingTests",
            dependencies: [
                "SageMakerHosting", "ServiceKit", "SlipwayCore", "Compute",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "GitTests", dependencies: ["Git", "Wire"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WorkflowsTests", dependencies: ["Workflows", "Git", "MetadataStore", "MetadataStoreSQLite", "SlipwayCore", .product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "ServiceKit", "SlipwayCore", "MetadataStoreSQLite"], swiftSettings: swiftSettings),
        .testTarget(name: "LogsTests", dependencies: ["Logs", "ServiceKit", "SlipwayCore", "MetadataStoreSQLite"], swiftSettings: swiftSettings),
        .testTarget(name: "EventsTests", dependencies: ["Events", "SlipwayCore", "ServiceKit"], swiftSettings: swiftSettings),
        .testTarget(name: "SageMakerTests", dependencies: ["SageMaker", "Workflows", "TemplateEngine", "ServiceKit", "SlipwayCore"], swiftSettings: swiftSettings),
        .testTarget(name: "WireTests", dependencies: ["Wire", "SlipwayCore"], swiftSettings: swiftSettings),
        .testTarget(name: "IAMPolicyTests", dependencies: ["IAMPolicy"], swiftSettings: swiftSettings),
        .testTarget(name: "TemplateEngineTests", dependencies: ["TemplateEngine", "Provisioning", "SlipwayCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MetadataStoreTests",
            dependencies: ["MetadataStore", "MetadataStoreSQLite", "MetadataStorePostgres", "ServiceKit", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IAMTests",
            dependencies: [
                "IAM", "SlipwayTesting", "ServiceKit", "MetadataStore", "MetadataStoreSQLite", "TemplateEngine", "Provisioning",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BlobStoreTests",
            dependencies: ["BlobStore", "MetadataStore", "MetadataStoreSQLite", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "S3Tests",
            dependencies: [
                "S3", "SlipwayCore", "SlipwayTesting", "TemplateEngine", "Provisioning", "IAM", "BlobStore", "MetadataStore", "MetadataStoreSQLite",
                "ServiceKit", "SigV4", "Wire", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SlipwayServerTests", dependencies: ["SlipwayServer", "SlipwayTesting", .product(name: "X509", package: "swift-certificates")], swiftSettings: swiftSettings),
    ]
)
