import Foundation

/// A private PostgreSQL cluster for one test, run by `scripts/pg-cluster.sh` (for tests that crash their server or
/// need a replica, and so cannot use the shared one).
public struct TestCluster: Sendable {
    /// The cluster's directory.
    public let directory: String
    /// Its database URL.
    public let url: String

    /// True when PostgreSQL tests are enabled (`VIGIL_TEST_POSTGRES_URL` is set, so the server is installed).
    public static var enabled: Bool { ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"] != nil }

    /// Starts a new cluster in `directory`.
    public static func start(in directory: String) throws -> TestCluster {
        try run("start", directory)
        return try TestCluster(directory: directory)
    }

    /// Starts a streaming read replica of this cluster in `directory`.
    public func replica(in directory: String) throws -> TestCluster {
        try Self.run("replica", directory, self.directory)
        return try TestCluster(directory: directory)
    }

    /// Stops it cleanly.
    public func stop() throws { try Self.run("stop", directory) }
    /// Stops it as if the server had died (no shutdown checkpoint).
    public func crash() throws { try Self.run("crash", directory) }
    /// Starts it again after ``stop()`` or ``crash()``.
    public func restart() throws { try Self.run("restart", directory) }

    private init(directory: String) throws {
        self.directory = directory
        url = try String(contentsOfFile: directory + "/url", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func run(_ command: String, _ arguments: String...) throws {
        let script = ChildProcess.packageRoot.appendingPathComponent("scripts/pg-cluster.sh").path
        let log = (arguments[0] as NSString).deletingLastPathComponent + "/pg-cluster-\(command).err"
        let status = try ChildProcess.run("/bin/bash", [script, command] + arguments, errorLog: log)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "pg-cluster.sh \(command) exited with \(status): \(text)"])
        }
    }
}
