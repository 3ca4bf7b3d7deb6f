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
    public static func start(in directory: String) async throws -> TestCluster {
        try await run("start", directory)
        return try TestCluster(directory: directory)
    }

    /// Starts a streaming read replica of this cluster in `directory`.
    public func replica(in directory: String) async throws -> TestCluster {
        try await Self.run("replica", directory, self.directory)
        return try TestCluster(directory: directory)
    }

    /// Runs `body` with a new cluster in `directory`, and stops the cluster afterwards, whatever happens.
    public static func with<T>(in directory: String, _ body: (TestCluster) async throws -> T) async throws -> T {
        let cluster = try await start(in: directory)
        return try await cluster.stopping(after: body)
    }

    /// Runs `body` with a new streaming replica of this cluster in `directory`, and stops the replica afterwards.
    public func withReplica<T>(in directory: String, _ body: (TestCluster) async throws -> T) async throws -> T {
        let standby = try await replica(in: directory)
        return try await standby.stopping(after: body)
    }

    private func stopping<T>(after body: (TestCluster) async throws -> T) async throws -> T {
        do {
            let value = try await body(self)
            try? await stop()
            return value
        } catch {
            try? await stop()
            throw error
        }
    }

    /// Stops it cleanly.
    public func stop() async throws { try await Self.run("stop", directory) }
    /// Stops it as if the server had died (no shutdown checkpoint).
    public func crash() async throws { try await Self.run("crash", directory) }
    /// Starts it again after ``stop()`` or ``crash()``.
    public func restart() async throws { try await Self.run("restart", directory) }

    private init(directory: String) throws {
        self.directory = directory
        url = try String(contentsOfFile: directory + "/url", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func run(_ command: String, _ arguments: String...) async throws {
        let script = ChildProcess.packageRoot.appendingPathComponent("scripts/pg-cluster.sh").path
        let log = (arguments[0] as NSString).deletingLastPathComponent + "/pg-cluster-\(command).err"
        let status = try await ChildProcess.run("/bin/bash", [script, command] + arguments, errorLog: log)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "pg-cluster.sh \(command) exited with \(status): \(text)"])
        }
    }
}
