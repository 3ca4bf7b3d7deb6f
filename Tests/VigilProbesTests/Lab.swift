import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilProbes

/// What the probe tests share: the lab scope (loopback only), and finding the Debian daemons, skipping with a message
/// when one is missing, or failing when CI demands them (`VIGIL_REQUIRE_LAB=1`).
enum Lab {
    /// Loopback, the only place the tests send to.
    static func scope() throws -> ProbeScope { try ProbeScope.parse("lab 127.0.0.0/8") }

    /// 127.0.0.1.
    static let loopback = IPAddress("127.0.0.1")!

    /// The daemon's path, or nil after saying why the test does not run.
    static func program(_ name: String, package: String) -> String? {
        if let path = LabDaemon.find(name) { return path }
        skip("\(name) is not installed: apt-get install \(package) (the probe tests use: \(LabDaemon.installLine))")
        return nil
    }

    /// A printed skip, or a recorded failure when CI demands the lab.
    static func skip(_ why: String) {
        if LabDaemon.required { Issue.record(Comment(rawValue: why)) } else { print("skipped: \(why)") }
    }

    /// Starts a daemon and records its log as the failure when it does not come up.
    static func start(
        _ name: String, executable: String, in directory: TemporaryDirectory, fixedPort: Int? = nil,
        arguments: (Int) throws -> [String], ready: (Int) async -> Bool
    ) async -> LabDaemon? {
        do {
            return try await LabDaemon.start(name, executable: executable, in: directory.path, fixedPort: fixedPort, arguments: arguments, ready: ready)
        } catch {
            Issue.record(Comment(rawValue: "\(error)"))
            return nil
        }
    }
}
