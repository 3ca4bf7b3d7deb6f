import Foundation

/// Locates `../shared/data`, the real reference and feed data tests read. The product never needs it.
public enum SharedData {
    /// The data directory, from `VIGIL_SHARED_DATA` or found by walking up from the package, or nil when absent.
    public static let root: String? = {
        if let env = ProcessInfo.processInfo.environment["VIGIL_SHARED_DATA"], FileManager.default.fileExists(atPath: env) {
            return env
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            dir.deleteLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/data").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// The full path of a file under the data directory, or nil when the data (or that file) is absent.
    public static func path(_ relative: String) -> String? {
        guard let root else { return nil }
        let full = (root as NSString).appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: full) ? full : nil
    }

    /// The message a test prints when it skips for lack of data.
    public static func skipMessage(_ relative: String) -> String {
        "skipped: ../shared/data/\(relative) is absent; set VIGIL_SHARED_DATA to the shared data directory to run this test"
    }
}
