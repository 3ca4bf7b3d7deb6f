import Foundation

/// Finds files shipped with VigilAttribution (the compiled reference table, the Public Suffix List) without
/// SwiftPM's `Bundle.module`, which stops the process when the bundle is missing.
///
/// Looked up in order: `$VIGIL_RESOURCES`, the resource bundle next to the running executable, and the package's
/// source folder.
public enum BundledResource {
    static let bundleName = "Vigil_VigilAttribution.resources"

    /// The full path of a shipped file, or nil when none of the places has it.
    public static func path(_ name: String) -> String? {
        var candidates: [String] = []
        if let dir = ProcessInfo.processInfo.environment["VIGIL_RESOURCES"] { candidates.append(dir) }
        let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? "")
        let executableDir = executable.deletingLastPathComponent()
        candidates.append(executableDir.appendingPathComponent(bundleName).path)
        candidates.append(executableDir.deletingLastPathComponent().appendingPathComponent(bundleName).path)
        if let resources = Bundle.main.resourceURL { candidates.append(resources.appendingPathComponent(bundleName).path) }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources").path)
        for dir in candidates {
            let path = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }
}
