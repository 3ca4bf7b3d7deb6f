import Foundation
import Testing
import VigilStoreSQLite
import VigilTesting

/// `vigil serve`: the operations endpoints answer over a real socket, and SIGTERM stops the server and the engine loop.
@Suite struct ServeCommandTests {
    /// GET through Python's urllib (an independent HTTP client): status and body.
    func get(_ url: String, _ dir: TemporaryDirectory) async throws -> (status: Int, body: String) {
        let out = dir.file("get.txt")
        let script = """
            import sys, urllib.request, urllib.error
            try:
                r = urllib.request.urlopen(sys.argv[1], timeout=10); print(r.status); print(r.headers.get('Content-Type')); print(r.read().decode())
            except urllib.error.HTTPError as e:
                print(e.code); print(e.headers.get('Content-Type')); print(e.read().decode())
            """
        guard try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, url], output: out) == 0 else { return (0, "") }
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        return (Int(lines.first ?? "") ?? 0, lines.dropFirst().joined(separator: "\n"))
    }

    /// Starts `vigil serve --port 0` with `arguments` and returns it with its base URL once it listens, or nil after
    /// recording why it did not start.
    static func serve(_ binary: String, _ arguments: [String], output: String, _ dir: TemporaryDirectory, waiting: Duration = .seconds(60)) async throws -> (ChildProcess, String)? {
        let server = try ChildProcess(binary, ["serve", "--port", "0"] + arguments, output: output, errorLog: dir.file("serve.err"))
        let deadline = ContinuousClock.now + waiting
        while ContinuousClock.now < deadline && server.isRunning {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) { return (server, String(text[range])) }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("vigil serve did not start: \((try? String(contentsOfFile: dir.file("serve.err"), encoding: .utf8)) ?? "")")
        server.kill()
        return nil
    }

    @Test func operationsEndpointsAnswerAndSIGTERMStopsCleanly() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.file("s.db")
        guard try await ChildProcess.run(binary, ["demo", "--database", db, "--data-dir", dir.file("data")]) == 0 else {
            Issue.record("the demo failed")
            return
        }
        let out = dir.file("serve.txt")
        guard let (server, base) = try await Self.serve(binary, ["--database", db, "--interval", "3600"], output: out, dir) else { return }
        let health = try await get(base + "/healthz", dir)
        #expect(health.status == 200 && health.body.contains("ok"))
        let ready = try await get(base + "/readyz", dir)
        #expect(ready.status == 200 && ready.body.contains("ready"))
        let metrics = try await get(base + "/metrics", dir)
        #expect(metrics.status == 200 && metrics.body.hasPrefix("text/plain; version=0.0.4"))
        #expect(metrics.body.contains("vigil_threats{category=\"hazard\"}"))
        let issued = metrics.body.split(separator: "\n").first { $0.hasPrefix("vigil_tickets{state=\"issued\"}") }
        #expect((issued?.split(separator: " ").last).flatMap { Int($0) } ?? 0 > 0, "the demo's tickets are counted")
        #expect(metrics.body.contains("vigil_http_request_duration_seconds_count{route=\"/healthz\",status=\"200\"} 1"))
        let accepted = metrics.body.split(separator: "\n").first { $0.hasPrefix("vigil_ingested_rows_total{result=\"accepted\"}") }
        let ingested = try await SQLiteStore(path: db).batches(limit: 1_000).map(\.observations).reduce(0, +)
        #expect(ingested > 0 && (accepted?.split(separator: " ").last).flatMap { Int($0) } == ingested, "the demo's rows are counted for the ingest rate")
        #expect(metrics.body.contains("vigil_batches{status=\"running\"} 0"))
        let missing = try await get(base + "/no-such-page", dir)
        #expect(missing.status == 404)

        server.kill(SIGTERM)
        let status = await server.wait()
        #expect(status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("vigil serve: stopped"))
    }

    @Test func theDemoSeedsOnlyAnEmptyDatabaseOnLoopback() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.file("real.db")
        #expect(try await ChildProcess.run(binary, ["users", "add", "someone", "--role", "ministry", "--database", db]) == 0)
        let err = dir.file("err.txt")
        #expect(try await ChildProcess.run(binary, ["serve", "--demo", "--port", "0", "--database", db], errorLog: err) != 0)
        #expect(try String(contentsOfFile: err, encoding: .utf8).contains("empty database only"), "a database with data is not seeded with demo log-ins")
        #expect(try await ChildProcess.run(binary, ["serve", "--demo", "--host", "0.0.0.0", "--port", "0", "--database", dir.file("new.db")], errorLog: err) != 0)
        #expect(try String(contentsOfFile: err, encoding: .utf8).contains("loopback only"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("new.db")), "refused before anything is written")
    }
}

