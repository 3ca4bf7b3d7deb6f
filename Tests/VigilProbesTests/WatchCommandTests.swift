import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilProbes

/// `vigil watch` and `vigil run --once` as an operator uses them, with `[probes] scope` in vigil.toml: a watch on a page
/// served by nginx takes its baseline on the first run and raises `defaced` on the run after the page changed.
@Suite struct WatchCommandTests {
    @Test func addRunAlertShow() async throws {
        guard let executable = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let nginx = try await WebProbeTests.nginx(dir) else { return }
        do {
            try await Self.exercise(executable, dir, nginx)
        } catch {
            Issue.record(error)
        }
        await nginx.stop()
    }

    static func exercise(_ executable: String, _ dir: TemporaryDirectory, _ nginx: LabDaemon) async throws {
        _ = try dir.write("scope.txt", "lab 127.0.0.0/8\n")
        let config = try dir.write("vigil.toml", "[probes]\nscope = \"scope.txt\"\ntimeout_seconds = 2\n")
        let db = dir.file("w.db")
        func vigil(_ arguments: [String], at time: String? = nil) async throws -> (Int32, String) {
            let out = dir.file("out-\(UUID().uuidString)")
            let process = try ChildProcess(executable, arguments + ["--database", db], output: out, errorLog: out, environment: time.map { ["VIGIL_NOW": $0] } ?? [:])
            let status = await process.wait()
            return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
        }
        let page = "http://127.0.0.1:\(nginx.port)/index.html"
        let (added, addText) = try await vigil(["watch", "add", "county-portal", "--interval", "60", "--page", page, "--host", "127.0.0.1:\(nginx.port)"])
        #expect(added == 0 && addText.contains("watch county-portal (#1) added"), "\(addText)")
        let (bad, badText) = try await vigil(["watch", "add", "broken", "--dns", "www.example.test=198.51.100.1"])
        #expect(bad != 0 && badText.contains("resolver"), "names need a resolver: \(badText)")

        let (r1, first) = try await vigil(["run", "--once", "--config", config], at: "2026-11-27T08:00:00Z")
        #expect(r1 == 0 && first.contains("watches: 1 run, 4 checks, no alerts"), "\(first)")
        try FileManager.default.removeItem(atPath: dir.file("site/index.html"))
        try FileManager.default.copyItem(atPath: dir.file("site/defaced.html"), toPath: dir.file("site/index.html"))
        let (r2, second) = try await vigil(["run", "--once", "--config", config], at: "2026-11-27T08:01:00Z")
        #expect(r2 == 0 && second.contains("1 defaced"), "\(second)")
        let (_, alerts) = try await vigil(["watch", "alerts", "county-portal"])
        #expect(alerts.contains("page defaced") && alerts.contains("#content"), "\(alerts)")
        let (_, shown) = try await vigil(["watch", "show", "county-portal"])
        #expect(shown.contains("ALERT") && shown.contains("defaced") && shown.contains("baseline: 某某县人民政府门户网站"), "\(shown)")
        let (_, listed) = try await vigil(["watch", "list"])
        #expect(listed.contains("county-portal") && listed.contains("in alert 1"), "\(listed)")
    }
}
