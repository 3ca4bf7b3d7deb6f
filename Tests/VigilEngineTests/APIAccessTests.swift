import Foundation
import Testing
import VigilCore
import VigilStore
import VigilStoreSQLite
import VigilTesting

/// The API shows each caller only its own part: every role against the tickets endpoints, over a real socket.
@Suite struct APIAccessTests {
    /// GET with an optional bearer token, through Python's urllib: status and parsed JSON body.
    func get(_ url: String, token: String?, _ dir: TemporaryDirectory) async throws -> (status: Int, json: Any?) {
        let out = dir.file("get-\(UUID().uuidString).txt")
        let script = """
            import sys, urllib.request, urllib.error
            req = urllib.request.Request(sys.argv[1])
            if len(sys.argv) > 2: req.add_header('Authorization', 'Bearer ' + sys.argv[2])
            try:
                r = urllib.request.urlopen(req, timeout=10); print(r.status); print(r.read().decode())
            except urllib.error.HTTPError as e:
                print(e.code); print(e.read().decode())
            """
        guard try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, url] + (token.map { [$0] } ?? []), output: out) == 0 else { return (0, nil) }
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        return (Int(parts.first ?? "") ?? 0, parts.count > 1 ? try? JSONSerialization.jsonObject(with: Data(parts[1].utf8)) : nil)
    }

    func vigil(_ binary: String, _ args: [String], _ dir: TemporaryDirectory) async throws -> String {
        let out = dir.file("v-\(UUID().uuidString).txt"), err = dir.file("v.err")
        let status = try await ChildProcess.run(binary, args, output: out, errorLog: err)
        #expect(status == 0, "vigil \(args.joined(separator: " ")): \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        return (try? String(contentsOfFile: out, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    @Test func everyRoleSeesOnlyItsOwnTickets() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.file("a.db")
        _ = try await vigil(binary, ["demo", "--database", db, "--data-dir", dir.file("data")], dir)
        let users: [(String, [String])] = [
            ("min", ["--role", "ministry"]), ("aud", ["--role", "auditor"]), ("gd", ["--role", "province", "--province", "广东"]),
            ("ct-gd", ["--role", "organization", "--org", "chinatelecom-440000"]), ("rep", ["--role", "reporter"]),
            ("gone", ["--role", "ministry"]),
        ]
        var tokens: [String: String] = [:]
        for (name, args) in users {
            _ = try await vigil(binary, ["users", "add", name, "--database", db] + args, dir)
            tokens[name] = try await vigil(binary, ["tokens", "create", name, "--database", db], dir)
        }
        #expect(tokens.values.allSatisfy { $0.hasPrefix("vgl_") && $0.count > 40 })
        let revoked = try await vigil(binary, ["tokens", "create", "min", "--label", "old", "--database", db], dir)
        let list = try await vigil(binary, ["tokens", "list", "--json", "--database", db], dir)
        #expect(!list.contains("vgl_"), "token listings never show a token")
        let oldID = try #require((try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])?.first { $0["label"] as? String == "old" }?["id"] as? Int)
        _ = try await vigil(binary, ["tokens", "revoke", String(oldID), "--database", db], dir)
        _ = try await vigil(binary, ["users", "disable", "gone", "--database", db], dir)

        guard let (server, base) = try await ServeCommandTests.serve(binary, ["--no-engine", "--database", db], output: dir.file("serve.txt"), dir) else { return }
        defer { server.kill() }
        let api = base + "/api/v1"

        // No token, a made-up one, a revoked one, a disabled user's: 401 with a JSON error and nothing else.
        for token in [nil, "vgl_madeup", revoked, tokens["gone"]] {
            let r = try await get(api + "/tickets", token: token, dir)
            #expect(r.status == 401)
            #expect(((r.json as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "unauthorized")
            #expect((r.json as? [String: Any])?["items"] == nil)
        }

        let ledger = DisposalLedger(try SQLiteStore(path: db))
        let all = try await ledger.tickets(TicketFilter(limit: 100_000))
        /// Every ticket a caller sees, page by page.
        func everything(_ token: String?, query: String = "") async throws -> [[String: Any]] {
            var items: [[String: Any]] = []
            var cursor: Int?
            repeat {
                let url = api + "/tickets?limit=37" + query + (cursor.map { "&cursor=\($0)" } ?? "")
                let r = try await get(url, token: token, dir)
                try #require(r.status == 200)
                let page = try #require(r.json as? [String: Any])
                items += page["items"] as? [[String: Any]] ?? []
                cursor = page["next_cursor"] as? Int
            } while cursor != nil
            return items
        }
        let ministry = try await everything(tokens["min"])
        #expect(ministry.count == all.count && Set(ministry.compactMap { $0["id"] as? Int }).count == all.count)
        #expect(try await everything(tokens["aud"]).count == all.count)
        let province = try await everything(tokens["gd"])
        #expect(!province.isEmpty && province.allSatisfy { $0["province"] as? Int == 440000 })
        #expect(province.count == all.filter { $0.province == 440000 }.count)
        #expect(try await everything(tokens["gd"], query: "&province=110000").isEmpty, "another province's tickets are not there")
        let own = try await everything(tokens["ct-gd"])
        #expect(!own.isEmpty && own.allSatisfy { $0["organization"] as? String == "chinatelecom-440000" })
        #expect(own.count == all.filter { $0.organization == "chinatelecom-440000" }.count)
        #expect(try await everything(tokens["ct-gd"], query: "&organization=chinaunicom-440000").isEmpty)
        #expect(try await everything(tokens["rep"]).isEmpty, "a reporter sees its submissions, not tickets")

        // Details: one's own, yes; anyone else's, 404 with no data.
        let mine = try #require(all.first { $0.organization == "chinatelecom-440000" })
        let theirs = try #require(all.first { $0.organization != "chinatelecom-440000" && $0.province != 440000 })
        let ok = try await get(api + "/tickets/\(mine.id)", token: tokens["ct-gd"], dir)
        #expect(ok.status == 200 && ((ok.json as? [String: Any])?["ticket"] as? [String: Any])?["id"] as? Int == Int(mine.id))
        #expect(((ok.json as? [String: Any])?["threats"] as? [Any])?.isEmpty == false)
        for (name, id) in [("ct-gd", theirs.id), ("gd", theirs.id), ("rep", mine.id)] {
            let denied = try await get(api + "/tickets/\(id)", token: tokens[name], dir)
            #expect(denied.status == 404, "\(name) reading ticket \(id)")
            #expect((denied.json as? [String: Any])?["ticket"] == nil)
        }
        // Threats: the same scopes, in cursor pages ordered by last sighting.
        let store = try SQLiteStore(path: db)
        func threats(_ token: String?, query: String = "") async throws -> [[String: Any]] {
            var items: [[String: Any]] = []
            var cursor: String?
            repeat {
                let r = try await get(api + "/threats?limit=1000" + query + (cursor.map { "&cursor=\($0)" } ?? ""), token: token, dir)
                try #require(r.status == 200)
                let page = try #require(r.json as? [String: Any])
                items += page["items"] as? [[String: Any]] ?? []
                cursor = page["next_cursor"] as? String
            } while cursor != nil
            return items
        }
        let total = try await store.statistics().totalThreats
        let seen = try await threats(tokens["min"])
        #expect(seen.count == total && Set(seen.compactMap { $0["id"] as? String }).count == total)
        let gdThreats = try await threats(tokens["gd"])
        #expect(!gdThreats.isEmpty && gdThreats.allSatisfy { $0["province"] as? Int == 440000 })
        #expect(gdThreats.count == (try await store.threats(matching: ThreatFilter(provinceCode: 440000, limit: 1_000_000))).count)
        let ctThreats = try await threats(tokens["ct-gd"], query: "&category=hazard")
        #expect(!ctThreats.isEmpty && ctThreats.allSatisfy { $0["organization"] as? String == "chinatelecom-440000" && $0["category"] as? String == "hazard" })
        #expect(try await threats(tokens["rep"]).isEmpty)
        let ownThreat = try #require(ctThreats.first?["id"] as? String)
        let otherThreat = try #require(seen.first { ($0["organization"] as? String) != "chinatelecom-440000" && ($0["province"] as? Int) != 440000 }?["id"] as? String)
        let detail = try await get(api + "/threats/\(ownThreat)", token: tokens["ct-gd"], dir)
        #expect(detail.status == 200)
        let body = detail.json as? [String: Any]
        #expect((body?["threat"] as? [String: Any])?["id"] as? String == ownThreat)
        #expect((body?["determination"] as? [String: Any])?["rule"] != nil && (body?["sightings"] as? [Any])?.isEmpty == false)
        for name in ["ct-gd", "gd", "rep"] {
            let denied = try await get(api + "/threats/\(otherThreat)", token: tokens[name], dir)
            #expect(denied.status == 404 && (denied.json as? [String: Any])?["threat"] == nil, "\(name) reading threat \(otherThreat)")
        }
        #expect(try await get(api + "/threats/\(otherThreat)", token: tokens["min"], dir).status == 200)

        let bad = try await get(api + "/tickets?limit=0", token: tokens["min"], dir)
        #expect(bad.status == 400 && ((bad.json as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "bad_limit")
    }

    @Test func requestsAreRateLimitedPerUser() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.file("r.db")
        _ = try await vigil(binary, ["users", "add", "busy", "--role", "ministry", "--database", db], dir)
        let token = try await vigil(binary, ["tokens", "create", "busy", "--database", db], dir)
        guard let (server, base) = try await ServeCommandTests.serve(binary, ["--no-engine", "--rate-limit", "1", "--database", db], output: dir.file("serve.txt"), dir) else { return }
        defer { server.kill() }
        // Eight requests at once from one client: a burst of four passes, then 429 with Retry-After.
        let script = """
            import sys, urllib.request, urllib.error
            for i in range(8):
                req = urllib.request.Request(sys.argv[1]); req.add_header('Authorization', 'Bearer ' + sys.argv[2])
                try:
                    r = urllib.request.urlopen(req, timeout=10); print(r.status, '-')
                except urllib.error.HTTPError as e:
                    print(e.code, e.headers.get('Retry-After'))
            """
        let results = dir.file("statuses.txt")
        #expect(try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, base + "/api/v1/tickets", token], output: results) == 0)
        let lines = try String(contentsOfFile: results, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.count == 8)
        #expect(lines.prefix(4).allSatisfy { $0.first == "200" })
        let limited = lines.filter { $0.first == "429" }
        #expect(!limited.isEmpty && limited.allSatisfy { Int($0.last ?? "") ?? 0 >= 1 })
    }
}
