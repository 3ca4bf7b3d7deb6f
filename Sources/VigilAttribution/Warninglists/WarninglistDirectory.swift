import Foundation
import VigilCore

/// Reads MISP warninglists from a directory laid out as the misp-warninglists repository is (`lists/<name>/list.json`,
/// or `<name>/list.json`, or plain `*.json` files).
public enum WarninglistDirectory {
    /// Why a directory could not be read.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The default lists Vigil ships (top domains, public DNS resolvers, CDN ranges, sinkholes, empty hashes, URL
    /// shorteners; see Resources/warninglists/README.md), used when no directory is configured.
    public static func shipped() throws(LoadError) -> [Warninglist] {
        guard let path = BundledResource.path("warninglists") else {
            throw LoadError(message: "the shipped warninglists are missing from this installation; set [determination] warninglists to a misp-warninglists checkout, or VIGIL_RESOURCES to the resource folder")
        }
        return try load(path: path)
    }

    /// Every list under `path`, sorted by file path. A file that is not a warninglist is an error naming it.
    public static func load(path: String) throws(LoadError) -> [Warninglist] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LoadError(message: "warninglist directory '\(path)' does not exist; point it at a checkout of github.com/MISP/misp-warninglists")
        }
        var root = path
        let nested = (path as NSString).appendingPathComponent("lists")
        if FileManager.default.fileExists(atPath: nested) { root = nested }
        guard let entries = FileManager.default.enumerator(atPath: root) else {
            throw LoadError(message: "cannot read '\(root)'; check its permissions")
        }
        var files: [String] = []
        for case let relative as String in entries where relative.hasSuffix(".json") {
            let name = (relative as NSString).lastPathComponent
            // Only the lists themselves: MISP's repository also holds a schema and per-list metadata.
            if name == "list.json" || (!relative.contains("/") && name != "schema.json") { files.append(relative) }
        }
        var lists: [Warninglist] = []
        for relative in files.sorted() {
            let full = (root as NSString).appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: full) else {
                throw LoadError(message: "cannot read '\(full)'; check its permissions")
            }
            do {
                lists.append(try Warninglist.decode(data, origin: full))
            } catch {
                throw LoadError(message: error.message)
            }
        }
        guard !lists.isEmpty else {
            throw LoadError(message: "no warninglists (list.json files) under '\(path)'")
        }
        return lists
    }
}
