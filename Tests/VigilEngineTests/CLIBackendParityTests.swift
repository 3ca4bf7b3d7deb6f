import Foundation
import Testing
import VigilTesting

/// Every command of the CLI gives the same answers on SQLite and on PostgreSQL: the demo's batches, threats,
/// statistics and rejects, and the same again after re-attribution.
@Suite struct CLIBackendParityTests {
    /// Runs `vigil` and returns its standard output, or records why it failed.
    func vigil(_ binary: String, _ arguments: [String], in dir: TemporaryDirectory) async throws -> String? {
        let out = dir.file("out.txt")
        let err = dir.file("err.txt")
        let status = try await ChildProcess.run(binary, arguments, output: out, errorLog: err)
        guard status == 0 else {
            Issue.record("vigil \(arguments.joined(separator: " ")) exited with \(status): \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
            return nil
        }
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    /// A JSON document with the named members removed wherever they occur, re-serialized with sorted keys.
    func normalized(_ text: String, dropping keys: Set<String>) throws -> String {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { !keys.contains($0.key) }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let object = strip(try JSONSerialization.jsonObject(with: Data(text.utf8)))
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func demoAndQueriesAgreeOnBothStores() async throws {
        guard let url = PostgresWorkersTests.freshURL() else { return }
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = dir.file("demo-data")
        let stores = [dir.file("demo.db"), url]
        for store in stores {
            guard try await vigil(binary, ["demo", "--database", store, "--data-dir", data], in: dir) != nil else { return }
        }
        // Times of list feeds are the time received, and batches carry their own: compare everything else.
        let queries: [(arguments: [String], volatile: Set<String>)] = [
            (["stats", "--json"], []),
            (["threats", "--json", "--limit", "100000"], ["first_seen", "last_seen"]),
            (["threats", "--json", "--category", "hazard", "--province", "广东", "--limit", "50"], ["first_seen", "last_seen"]),
            (["rejects", "--json"], []),
            (["batches", "--json"], ["received_at", "completed_at"]),
        ]
        func answers() async throws -> [String]? {
            var out: [String] = []
            for query in queries {
                var both: [String] = []
                for store in stores {
                    guard let text = try await vigil(binary, query.arguments + ["--database", store], in: dir) else { return nil }
                    both.append(try normalized(text, dropping: query.volatile))
                }
                #expect(both[0] == both[1], "vigil \(query.arguments.joined(separator: " ")) differs between SQLite and PostgreSQL")
                out.append(both[0])
            }
            return out
        }
        guard let before = try await answers() else { return }
        #expect(before[0].contains("\"total_threats\""))
        #expect(!before[1].contains("\"threats\":[]"), "the demo must have produced threats")

        for store in stores {
            guard try await vigil(binary, ["refdata", "apply", "--database", store], in: dir) != nil else { return }
        }
        // The shipped reference data again: the same answers, on both.
        guard let after = try await answers() else { return }
        #expect(after == before)
    }
}
