// swift-tools-version:5.9
// The Swift package of chat-platform @VERSION@ for macOS (the release's
// chat-platform-swift-@VERSION@-macos.zip; scripts/package-swift.sh writes it
// from this template): the generated UniFFI bindings over the native library,
// which comes as ChatPlatformFFI.xcframework beside this file (a static
// library for arm64 and x86_64, macOS 11+), plus a hand-written AsyncSequence.
// Nothing to install: depend on this directory (or a git tag of it) from your
// Package.swift. The frameworks and libraries listed are the ones the Rust
// core needs (rustc's native-static-libs for the library): Security and
// CoreFoundation are the system's certificate trust (the Keychain).
import PackageDescription

let package = Package(
    name: "ChatPlatform",
    platforms: [.macOS(.v11)],
    products: [
        .library(name: "ChatPlatform", targets: ["ChatPlatform"]),
    ],
    targets: [
        .binaryTarget(
            name: "ChatPlatformFFI",
            path: "ChatPlatformFFI.xcframework"
        ),
        .target(
            name: "ChatPlatform",
            dependencies: ["ChatPlatformFFI"],
            path: "Sources/ChatPlatform",
            linkerSettings: [
@LINKER_SETTINGS@
            ]
        ),
        .testTarget(
            name: "ChatPlatformTests",
            dependencies: ["ChatPlatform"],
            path: "Tests/ChatPlatformTests"
        ),
    ]
)
