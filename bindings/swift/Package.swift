// swift-tools-version:5.9
// The Swift package of chat-platform: the generated UniFFI bindings over the
// native library built from this repository (`bindings/generate.sh`), plus a
// hand-written AsyncSequence. `scripts/swift-test.sh` builds and tests it.
import PackageDescription

// Where libchat_platform_ffi.so lives (absolute; set by scripts/swift-test.sh).
let libDir = Context.environment["CHAT_PLATFORM_LIB_DIR"]
    ?? "\(Context.packageDirectory)/../../target/x86_64-unknown-linux-gnu/debug"

let package = Package(
    name: "ChatPlatform",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "ChatPlatform", targets: ["ChatPlatform"]),
    ],
    targets: [
        .systemLibrary(name: "ChatPlatformFFI", path: "Sources/ChatPlatformFFI"),
        .target(
            name: "ChatPlatform",
            dependencies: ["ChatPlatformFFI"],
            path: "Sources/ChatPlatform",
            linkerSettings: [
                .unsafeFlags(["-L\(libDir)", "-Xlinker", "-rpath", "-Xlinker", libDir]),
            ]
        ),
        .testTarget(
            name: "ChatPlatformTests",
            dependencies: ["ChatPlatform"],
            path: "Tests/ChatPlatformTests"
        ),
    ]
)
