import Foundation
import Testing
import VigilCore
import VigilStore
import VigilStoreSQLite
import VigilTesting

/// `[disposal]` configuration and the disposal listings, through the `vigil` command.
@Suite(.serialized) struct DisposalCLITests {
    func vigil(_ binary: String, _ args: [String], _ dir: TemporaryDirectory, env: [String: String] = [:]) async throws -> (status: Int32, out: String, err: String) {
        let out = dir.file("o.txt"), err = dir.file("e.txt")
        let status = await (try ChildProcess(binary, args, output: out, errorLog: err, environment: env)).wait()
        return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "", (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    @Test func badDisposalSettingsAreRefusedWithTheKeyNamed() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cases: [(String, String)] = [
            ("[disposal]\nspeed = 1", "unknown [disposal] key 'speed'"),
            ("[disposal]\nmeasures = { c2Server = \"nuke\" }", "measures.c2Server must be one of"),
            ("[disposal]\nmeasures = { notAKind = \"block\" }", "'notAKind' is not a threat kind"),
            ("[disposal.deadlines]\nblock = { urgent = 2 }", "use a severity"),
            ("[[disposal.escalation]]\ntarget = \"mayor\"\nhours = 1", "needs target"),
            ("[disposal.grading]\nrecords_leaked = [1, 2, 3, 4]", "largest first"),
            ("[notices]\nsmtp_port = 70000", "smtp_port must be a port number"),
            ("[disposal.deadlines]\nblock = { high = 9999999999999 }", "from 1 to 8760"),
            ("[notices]\nretry = { max_seconds = 9223372036854775807 }", "retry.max_seconds must be a whole number"),
            ("[notices]\nfrom = \"not an address\"", "from must be a plain e-mail address"),
        ]
        for (toml, message) in cases {
            try toml.write(toFile: dir.file("bad.toml"), atomically: true, encoding: .utf8)
            let r = try await vigil(binary, ["run", "--once", "--database", dir.file("x.db"), "--config", dir.file("bad.toml")], dir)
            #expect(r.status != 0, "\(toml)")
            #expect(r.err.contains(message), "\(toml): \(r.err)")
        }
    }

    @Test func measuresDeadlinesAndEscalationFollowTheConfiguration() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let db = dir.file("c.db")
        try """
            [disposal]
            measures = { c2Server = "block", openNTPMode6 = "stopService" }
            [disposal.deadlines]
            block = { high = 2 }
            [[disposal.escalation]]
            target = "parent"
            hours = 1
            """.write(toFile: dir.file("vigil.toml"), atomically: true, encoding: .utf8)
        let now: Int64 = 1_790_000_000
        let r = try await vigil(binary, ["demo", "--database", db, "--data-dir", dir.file("data"), "--config", dir.file("vigil.toml")], dir,
                                env: ["VIGIL_NOW": UTCTime.format(now)])
        try #require(r.status == 0, "\(r.err)")
        let ledger = DisposalLedger(try SQLiteStore(path: db))
        let tickets = try await ledger.tickets(TicketFilter(limit: 100_000))
        let blocks = tickets.filter { $0.measure == .block }
        try #require(!blocks.isEmpty)
        for t in blocks.prefix(20) {
            let kinds = Set(try await ledger.threats(onTicket: t.id).map(\.kind))
            #expect(kinds.isSubset(of: [.c2Server, .phishingEmail, .phishingSMS, .phishingIM]), "\(kinds)")
            if t.severity == .high { #expect(t.deadline == t.issuedAt + 2 * 3600) }
        }
        #expect(tickets.filter { $0.measure == .rectify }.isEmpty == false)
        // One escalation step, an hour after the deadline: due three hours on for the two-hour tickets, and only once.
        let later = try await vigil(binary, ["run", "--once", "--database", db, "--config", dir.file("vigil.toml")], dir,
                                    env: ["VIGIL_NOW": UTCTime.format(now + 3 * 3600 + 60)])
        #expect(later.status == 0, "\(later.err)")
        let escalated = try await ledger.tickets(TicketFilter(limit: 100_000)).filter { $0.escalations > 0 }
        #expect(!escalated.isEmpty && escalated.allSatisfy { $0.escalations == 1 && $0.deadline + 3600 <= now + 3 * 3600 + 60 })
        #expect(Set(escalated.map(\.id)) == Set(blocks.filter { $0.deadline + 3600 <= now + 3 * 3600 + 60 }.map(\.id)))

        // The listings.
        let perf = try await vigil(binary, ["performance", "--json", "--database", db], dir)
        let groups = try #require(try JSONSerialization.jsonObject(with: Data(perf.out.utf8)) as? [[String: Any]])
        #expect(groups.reduce(0) { $0 + ($1["tickets"] as? Int ?? 0) } == tickets.count)
        let orgs = try await vigil(binary, ["orgs", "--with-tickets", "--json", "--database", db], dir)
        let orgRows = try #require(try JSONSerialization.jsonObject(with: Data(orgs.out.utf8)) as? [[String: Any]])
        #expect(orgRows.reduce(0) { $0 + ($1["tickets"] as? Int ?? 0) } == tickets.count)
        let add = try await vigil(binary, ["campaigns", "add", "C2 专项", "--from", "2000-01-01", "--to", "2100-01-01", "--kind", "c2Server", "--target", "0.9",
                                           "--database", db], dir)
        #expect(add.status == 0, "\(add.err)")
        let show = try await vigil(binary, ["campaigns", "show", "C2 专项", "--json", "--database", db], dir)
        let campaign = try #require(try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as? [String: Any])
        let c2 = try await SQLiteStore(path: db).statistics().byKind[.c2Server] ?? 0
        #expect(campaign["found"] as? Int == c2 && (campaign["confirmed"] as? Int ?? 0) > 0 && campaign["meets_target"] as? Bool == false)
        #expect((campaign["tickets"] as? [Int])?.isEmpty == false)
        let bad = try await vigil(binary, ["campaigns", "show", "nope", "--database", db], dir)
        #expect(bad.status != 0 && bad.err.contains("no campaign 'nope'"))
        // Grading a ticketed threat raises its open ticket: severity critical, deadline no later than the policy's.
        let modest = try #require(try await ledger.tickets(TicketFilter(states: [.issued], limit: 100_000)).first { $0.severity < .critical })
        let onIt = try #require(try await ledger.threats(onTicket: modest.id).first?.threat)
        let raised = try await vigil(binary, ["incidents", "grade", onIt.description, "--records", "200000000", "--database", db], dir)
        #expect(raised.status == 0 && raised.out.contains("grade I 特别重大") && raised.out.contains("raised to critical"), "\(raised.err)")
        let after = try await ledger.ticket(modest.id)
        #expect(after.severity == .critical && after.deadline <= modest.deadline)
        #expect(try await ledger.auditLog("ticket", String(modest.id)).last?.action == "raiseSeverity")
        // Grading an incident.
        let leak = try #require(try await SQLiteStore(path: db).threats(matching: ThreatFilter(limit: 100_000)).first)
        let graded = try await vigil(binary, ["incidents", "grade", leak.id.description, "--records", "20000000", "--database", db], dir)
        #expect(graded.status == 0 && graded.out.contains("grade II 重大"), "\(graded.err)")
        #expect(try await ledger.grade(of: leak.id) == .II)
    }
}
