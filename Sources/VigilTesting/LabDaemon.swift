import Foundation

/// A real daemon from Debian's packages (ntpsec, Unbound, BIND, memcached, Redis, nginx) run by a probe test on a
/// loopback address, in the foreground, with a configuration the test wrote into its own directory. It is stopped
/// with SIGTERM (then SIGKILL) by ``stop()``.
public final class LabDaemon: Sendable {
    /// What it is, for messages.
    public let name: String
    /// The loopback port it listens on.
    public let port: Int
    /// The process.
    public let process: ChildProcess

    init(name: String, port: Int, process: ChildProcess) {
        self.name = name
        self.port = port
        self.process = process
    }

    /// True when CI demands the daemons: a missing one is then a failure, not a skip.
    public static var required: Bool { ProcessInfo.processInfo.environment["VIGIL_REQUIRE_LAB"] == "1" }

    /// The Debian packages the probe tests use, as `.ci/run` installs them.
    public static let installLine = "apt-get install --no-install-recommends ntpsec unbound bind9 bind9-dnsutils memcached redis-server nginx-light"

    /// The path of `program` (looked up in the sbin and bin folders), or nil when it is not installed.
    public static func find(_ program: String) -> String? {
        for folder in ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin"] {
            let path = folder + "/" + program
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Starts `arguments(port)` on a random high port (or on `fixedPort`), retrying on other ports while it dies at
    /// once (a port taken), and returns it once `ready(port)` is true. Throws ``LabDaemonError`` with the daemon's last
    /// log when it never became ready.
    public static func start(
        _ name: String, executable: String, in directory: String, fixedPort: Int? = nil, arguments: (Int) throws -> [String],
        ready: (Int) async -> Bool
    ) async throws -> LabDaemon {
        var last = ""
        for attempt in 0..<4 {
            let port = fixedPort ?? Int.random(in: 20_000...59_000)
            let log = directory + "/\(name)-\(attempt).log"
            let process = try ChildProcess(executable, try arguments(port), output: log, errorLog: log)
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline && process.isRunning {
                if await ready(port) { return LabDaemon(name: name, port: port, process: process) }
                try await Task.sleep(for: .milliseconds(50))
            }
            process.kill()
            _ = await process.wait()
            last = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        throw LabDaemonError(message: "\(name) did not come up on a loopback port; its last log:\n\(last.suffix(2_000))")
    }

    /// Stops it: SIGTERM, then SIGKILL after two seconds.
    public func stop() async {
        process.kill(SIGTERM)
        for _ in 0..<40 {
            if !process.isRunning { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        process.kill()
        _ = await process.wait()
    }

    /// True when a TCP connection to 127.0.0.1:`port` is accepted (used as the readiness check of TCP daemons).
    public static func acceptsTCP(_ port: Int, host: String = "127.0.0.1") -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// A lab daemon that did not start, with its log.
public struct LabDaemonError: Error, CustomStringConvertible {
    public let message: String
    /// An error saying `message`.
    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
