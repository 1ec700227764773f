import Foundation
import XCTest

/// The package README's Swift example (bindings/swift/README.md) is ReadmeExample.swift verbatim, and it runs.
final class ReadmeTests: XCTestCase {
    func testTheReadmeSwiftExampleIsThisFileAndRuns() async throws {
        let readme = try String(contentsOfFile: "\(ScenarioTests.repo)/bindings/swift/README.md", encoding: .utf8)
        let sections = readme.components(separatedBy: "\n## Quick start")
        guard sections.count > 1 else { return XCTFail("bindings/swift/README.md has no Quick start section") }
        let blocks = sections[1].components(separatedBy: "\n## ")[0].components(separatedBy: "```swift\n")
        guard blocks.count > 1 else { return XCTFail("bindings/swift/README.md's Quick start has no example") }
        let block = blocks[1].components(separatedBy: "```")[0]
        let source = try String(contentsOfFile: "\(ScenarioTests.repo)/bindings/swift/Tests/ChatPlatformTests/ReadmeExample.swift", encoding: .utf8)
        XCTAssertEqual(source.trimmingCharacters(in: .whitespacesAndNewlines), block.trimmingCharacters(in: .whitespacesAndNewlines),
                       "bindings/swift/README.md's Swift block must match ReadmeExample.swift")
        try await readmeExample()
    }
}
