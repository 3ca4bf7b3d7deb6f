import Foundation

/// A real SMTP server (aiosmtpd) and an HTTP webhook receiver on 127.0.0.1, run by `Tests/Support/notice-receivers.py`
/// for the notice tests. Everything received is read back as ``Mail`` and ``Hook`` values.
public final class NoticeReceivers: Sendable {
    /// One message the SMTP server took.
    public struct Mail: Sendable, Hashable {
        public var from: String
        public var to: [String]
        /// True when it came over STARTTLS.
        public var tls: Bool
        /// The message as received (headers and body).
        public var data: String
    }

    /// One webhook request the receiver took.
    public struct Hook: Sendable, Hashable {
        public var path: String
        public var headers: [String: String]
        public var body: String
    }

    public let directory: String
    public let smtpPort: Int
    public let httpPort: Int
    let process: ChildProcess

    init(directory: String, smtpPort: Int, httpPort: Int, process: ChildProcess) {
        self.directory = directory
        self.smtpPort = smtpPort
        self.httpPort = httpPort
        self.process = process
    }

    /// Why the receivers cannot run here, or nil when they can (python3 with aiosmtpd).
    public static func unavailable() async -> String? {
        let status = (try? await ChildProcess.run("/usr/bin/env", ["python3", "-c", "import aiosmtpd"])) ?? 127
        return status == 0 ? nil : "python3 with aiosmtpd is needed for the notice tests: pip install aiosmtpd (.ci/run does)"
    }

    /// True when CI demands the receivers (a missing aiosmtpd is then a failure, not a skip).
    public static var required: Bool { ProcessInfo.processInfo.environment["VIGIL_REQUIRE_NOTICE_RECEIVERS"] == "1" }

    /// Starts both receivers, writing into `directory`; `httpFailures` webhook requests are answered 503 first.
    /// With `tls`, the SMTP server offers STARTTLS with that certificate and key.
    public static func start(in directory: String, httpFailures: Int = 0, tls: (certificate: String, key: String)? = nil) async throws -> NoticeReceivers {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = ChildProcess.packageRoot.appendingPathComponent("Tests/Support/notice-receivers.py").path
        var arguments = [script, "--out", directory, "--http-fail", String(httpFailures)]
        if let tls { arguments += ["--tls-cert", tls.certificate, "--tls-key", tls.key] }
        let process = try ChildProcess("/usr/bin/env", ["python3"] + arguments, errorLog: directory + "/receivers.log")
        let ready = directory + "/ready"
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let data = FileManager.default.contents(atPath: ready),
               let ports = try? JSONSerialization.jsonObject(with: data) as? [String: Int], let smtp = ports["smtp"], let http = ports["http"] {
                return NoticeReceivers(directory: directory, smtpPort: smtp, httpPort: http, process: process)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.kill()
        let log = (try? String(contentsOfFile: directory + "/receivers.log", encoding: .utf8)) ?? ""
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the notice receivers did not start: \(log.suffix(800))"])
    }

    /// Messages received so far, in arrival order.
    public func mails() -> [Mail] {
        records("mail").map { r in
            Mail(from: r["mail_from"] as? String ?? "", to: r["rcpt_tos"] as? [String] ?? [], tls: r["tls"] as? Bool ?? false, data: r["data"] as? String ?? "")
        }
    }

    /// Webhook requests received so far, in arrival order.
    public func hooks() -> [Hook] {
        records("hook").map { r in
            Hook(path: r["path"] as? String ?? "", headers: r["headers"] as? [String: String] ?? [:], body: r["body"] as? String ?? "")
        }
    }

    func records(_ prefix: String) -> [[String: Any]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let numbered = names.compactMap { name -> (Int, String)? in
            guard name.hasPrefix(prefix + "-"), name.hasSuffix(".json"), let n = Int(name.dropFirst(prefix.count + 1).dropLast(5)) else { return nil }
            return (n, name)
        }.sorted { $0.0 < $1.0 }
        return numbered.compactMap { _, name in
            FileManager.default.contents(atPath: directory + "/" + name).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
    }

    /// Stops both receivers.
    public func stop() async {
        process.kill(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.kill() }
        await process.wait()
    }
}
