// swift-tools-version:5.9
// The Swift package of chat-platform: the generated UniFFI bindings over the
// native library, plus a hand-written AsyncSequence. The library is found by
// pkg-config (`chat-platform-ffi.pc`, written by the release tarball's
// install.sh), so the package needs no environment variable and no unsafe
// flags and can be a dependency of other packages. `scripts/swift-test.sh`
// builds and tests it; `scripts/package-swift.sh` makes the release tarballs.
import PackageDescription

let package = Package(
    name: "ChatPlatform",
    platforms: [.macOS(.v11), .iOS(.v15)],
    products: [
        .library(name: "ChatPlatform", targets: ["ChatPlatform"]),
    ],
    targets: [
        .systemLibrary(
            name: "ChatPlatformFFI",
            path: "Sources/ChatPlatformFFI",
            pkgConfig: "chat-platform-ffi"
        ),
        .target(
            name: "ChatPlatform",
            dependencies: ["ChatPlatformFFI"],
            path: "Sources/ChatPlatform"
        ),
        .testTarget(
            name: "ChatPlatformTests",
            dependencies: ["ChatPlatform"],
            path: "Tests/ChatPlatformTests"
        ),
    ]
)
