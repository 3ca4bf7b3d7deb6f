import Foundation
import Testing
import VigilTesting

/// A demo database with one user (and token) per role, a running `vigil serve --no-engine`, and an independent
/// Python client (`Tests/Support/api-client.py`) that checks every answer against the served `/openapi.json`.
struct APIHarness {
    let dir: TemporaryDirectory
    let binary: String
    let db: String
    let server: ChildProcess
    let base: String
    /// Token per user name.
    let tokens: [String: String]

    /// The users every API test gets: name and `vigil users add` arguments.
    static let users: [(String, [String])] = [
        ("min", ["--role", "ministry"]), ("aud", ["--role", "auditor"]), ("gd", ["--role", "province", "--province", "440000"]),
        ("ct-gd", ["--role", "organization", "--org", "chinatelecom-440000"]), ("rep", ["--role", "reporter"]), ("rep2", ["--role", "reporter"]),
    ]

    /// Sets everything up, or records why it could not and returns nil.
    static func start() async throws -> APIHarness? {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return nil
        }
        let dir = try TemporaryDirectory()
        let db = dir.file("api.db")
        _ = try await run(binary, ["demo", "--database", db, "--data-dir", dir.file("data")], dir)
        var tokens: [String: String] = [:]
        for (name, args) in users {
            _ = try await run(binary, ["users", "add", name, "--database", db] + args, dir)
            tokens[name] = try await run(binary, ["tokens", "create", name, "--database", db], dir)
        }
        guard let (server, base) = try await ServeCommandTests.serve(binary, ["--no-engine", "--rate-limit", "1000", "--database", db], output: dir.file("serve.txt"), dir) else {
            dir.remove()
            return nil
        }
        return APIHarness(dir: dir, binary: binary, db: db, server: server, base: base, tokens: tokens)
    }

    func stop() {
        server.kill()
        dir.remove()
    }

    /// Runs vigil and returns its trimmed standard output, expecting success.
    static func run(_ binary: String, _ args: [String], _ dir: TemporaryDirectory) async throws -> String {
        let out = dir.file("v-\(UUID().uuidString).txt"), err = dir.file("v.err")
        let status = try await ChildProcess.run(binary, args, output: out, errorLog: err)
        #expect(status == 0, "vigil \(args.joined(separator: " ")): \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        return (try? String(contentsOfFile: out, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// One request: `operation` is the OpenAPI path template the answer is checked against.
    struct Call {
        var method = "GET"
        var path: String
        var operation: String?
        var user: String?
        var query: [String: Any] = [:]
        var json: Any?
        var data: String?
        var headers: [String: String] = [:]

        init(_ method: String = "GET", _ path: String, _ operation: String? = nil, as user: String?, query: [String: Any] = [:], json: Any? = nil, data: String? = nil,
             headers: [String: String] = [:]) {
            self.method = method
            self.path = path
            self.operation = operation
            self.user = user
            self.query = query
            self.json = json
            self.data = data
            self.headers = headers
        }
    }

    /// What came back.
    struct Answer {
        var status: Int
        var json: Any?
        var text: String
        var headers: [String: String]
        /// Differences from the OpenAPI document.
        var problems: [String]

        var object: [String: Any]? { json as? [String: Any] }
        var items: [[String: Any]] { object?["items"] as? [[String: Any]] ?? [] }
        var errorCode: String? { (object?["error"] as? [String: Any])?["code"] as? String }
        /// A denial that gives nothing away: 403 or 404 with an error and no other field.
        var isBareDenial: Bool { [403, 404].contains(status) && object?.keys.sorted() == ["error"] }
    }

    /// Sends the calls in order through the Python client.
    func call(_ calls: [Call], validateSpec: Bool = false) async throws -> [Answer] {
        let requests: [[String: Any]] = calls.map { c in
            var r: [String: Any] = ["method": c.method, "path": c.path, "query": c.query]
            if let operation = c.operation { r["operation"] = operation }
            if let user = c.user { r["token"] = tokens[user] ?? user }
            if let json = c.json { r["json"] = json }
            if let data = c.data { r["data"] = data }
            if !c.headers.isEmpty { r["headers"] = c.headers }
            return r
        }
        let input = dir.file("requests-\(UUID().uuidString).json"), output = dir.file("answers-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: requests).write(to: URL(fileURLWithPath: input))
        let script = ChildProcess.packageRoot.appendingPathComponent("Tests/Support/api-client.py").path
        let err = dir.file("client.err")
        let status = try await ChildProcess.run("/usr/bin/env", (validateSpec ? ["VALIDATE_SPEC=1"] : []) + ["python3", script, base, input, output], errorLog: err)
        try #require(status == 0, "api-client.py failed: \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [[String: Any]])
        return results.map { r in
            Answer(status: r["status"] as? Int ?? 0, json: r["json"].flatMap { $0 is NSNull ? nil : $0 }, text: r["text"] as? String ?? "",
                   headers: r["headers"] as? [String: String] ?? [:], problems: r["problems"] as? [String] ?? [])
        }
    }

    /// One call.
    func call(_ c: Call) async throws -> Answer {
        try await call([c])[0]
    }
}
