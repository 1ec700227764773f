import Foundation
import XCTest

/// The README's Swift example is ReadmeExample.swift verbatim, and it runs.
final class ReadmeTests: XCTestCase {
    func testTheReadmeSwiftExampleIsThisFileAndRuns() async throws {
        let readme = try String(contentsOfFile: "\(ScenarioTests.repo)/README.md", encoding: .utf8)
        let sections = readme.components(separatedBy: "\n## Swift")
        guard sections.count > 1 else { return XCTFail("README.md has no Swift section") }
        let blocks = sections[1].components(separatedBy: "\n## ")[0].components(separatedBy: "```swift\n")
        guard blocks.count > 1 else { return XCTFail("README.md's Swift section has no example") }
        let block = blocks[1].components(separatedBy: "```")[0]
        let source = try String(contentsOfFile: "\(ScenarioTests.repo)/bindings/swift/Tests/ChatPlatformTests/ReadmeExample.swift", encoding: .utf8)
        XCTAssertEqual(source.trimmingCharacters(in: .whitespacesAndNewlines), block.trimmingCharacters(in: .whitespacesAndNewlines),
                       "README.md's Swift block must match ReadmeExample.swift")
        try await readmeExample()
    }
}
