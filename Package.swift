// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Vigil",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .executable(name: "VigilBenchmarks", targets: ["VigilBenchmarks"]),
        .library(name: "VigilCore", targets: ["VigilCore"]),
    ],
    traits: [
        .trait(
            name: "Postgres", description: "The PostgreSQL store (VigilStorePostgres, PostgresNIO). Off: swift build --disable-default-traits.",
            enabledTraits: ["TLS"]),
        .trait(name: "TLS", description: "TLS for notices (SMTP STARTTLS, HTTPS webhooks) through swift-nio-ssl, which builds BoringSSL."),
        .default(enabledTraits: ["Postgres", "TLS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.4.0"),
    ],
    targets: [
        .target(name: "VigilCore", swiftSettings: swiftSettings),
        .target(
            name: "VigilFeeds",
            dependencies: ["VigilCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilAttribution",
            dependencies: ["VigilCore"],
            resources: [.copy("Resources/vigil-refdata.vgrt"), .copy("Resources/public_suffix_list.dat"), .copy("Resources/warninglists")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilStore",
            dependencies: ["VigilCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilStoreSQLite",
            dependencies: [
                "VigilCore", "VigilStore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilStorePostgres",
            dependencies: [
                "VigilCore", "VigilStore",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["Postgres"])),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilEngine",
            dependencies: [
                "VigilCore", "VigilFeeds", "VigilAttribution", "VigilStore", "VigilProbes",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["TLS"])),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilServer",
            dependencies: [
                "VigilCore", "VigilFeeds", "VigilAttribution", "VigilStore", "VigilEngine", "VigilPublish",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilProbes",
            dependencies: [
                "VigilCore", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["TLS"])),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilPublish",
            dependencies: ["VigilCore", "VigilStore", "VigilAttribution", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VigilTesting",
            dependencies: ["VigilCore", "VigilFeeds", "VigilStore", "VigilStoreSQLite", "VigilStorePostgres"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilCore", "VigilFeeds", "VigilAttribution", "VigilStore", "VigilStoreSQLite", "VigilStorePostgres", "VigilEngine", "VigilServer", "VigilProbes", "VigilPublish",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "VigilBenchmarks",
            dependencies: [
                "VigilCore", "VigilFeeds", "VigilAttribution", "VigilStore", "VigilStoreSQLite", "VigilStorePostgres", "VigilEngine", "VigilPublish",
                "VigilTesting", "VigilProbes", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"], swiftSettings: swiftSettings),
        .testTarget(name: "VigilServerTests", dependencies: ["VigilCore", "VigilServer", "VigilPublish"], swiftSettings: swiftSettings),
        .testTarget(
            name: "VigilProbesTests",
            dependencies: [
                "VigilCore", "VigilProbes", "VigilTesting", "VigilStore", "VigilStoreSQLite", "VigilAttribution", "VigilEngine", "VigilPublish",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VigilFeedsTests",
            dependencies: ["VigilCore", "VigilFeeds", "VigilTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VigilAttributionTests",
            dependencies: ["VigilCore", "VigilAttribution", "VigilTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VigilStoreTests",
            dependencies: ["VigilCore", "VigilStore", "VigilStoreSQLite", "VigilStorePostgres", "VigilTesting", "VigilPublish", "VigilAttribution"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VigilEngineTests",
            dependencies: [
                "VigilCore", "VigilFeeds", "VigilAttribution", "VigilStore", "VigilStoreSQLite", "VigilStorePostgres", "VigilEngine",
                "VigilTesting", "VigilPublish",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
