import Foundation

/// A fresh directory under the system temporary directory, for one test.
public struct TemporaryDirectory: Sendable {
    /// Its path.
    public let path: String

    /// Creates a unique directory.
    public init(_ label: String = "vigil-test") throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of a file inside it.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes text to a file inside it and returns the path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let p = file(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    /// Deletes it.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
