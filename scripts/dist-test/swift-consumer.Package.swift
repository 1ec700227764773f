// swift-tools-version:5.9
// A user's package (scripts/dist-test.sh): depends on ChatPlatform as a
// versioned dependency and runs the shared scenario through it.
import PackageDescription

let package = Package(
    name: "Consumer",
    dependencies: [
        .package(url: "file:///tmp/chat-platform-dist-test/chat-platform-swift-@VERSION@-linux-x86_64/ChatPlatform", exact: "@VERSION@"),
    ],
    targets: [
        .target(name: "Consumer", dependencies: [.product(name: "ChatPlatform", package: "ChatPlatform")]),
        .testTarget(name: "ConsumerTests", dependencies: ["Consumer", .product(name: "ChatPlatform", package: "ChatPlatform")]),
    ]
)
