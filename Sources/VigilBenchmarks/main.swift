import Foundation
import VigilAttribution
import VigilCore
import VigilEngine
import VigilFeeds
import VigilStore
import VigilStorePostgres
import VigilStoreSQLite
import VigilTesting

#if canImport(Glibc)
import Glibc
#endif

/// Vigil's benchmark executable: throughput and peak memory of each hot path.
///
/// Usage: `swift run -c release VigilBenchmarks [ingest|parse|lookup|attribution|reingest|feeds|disposal|probes|all] [--input FILE]`
/// `probes` drives the stateless UDP scanner against a loopback NTP responder (see `ProbeBenchmark`).
/// `feeds` measures parse-only throughput of each feed format on generated inputs of `--records N` (default
/// 1,000,000) records, each format in a process of its own so that its peak memory is its own.
/// Without `--input`, the 1,000,000-row input is generated with `../shared/bench/gen_scan_csv.py --rows 1000000
/// --seed 42` into `bench-data/` (the IntelMQ peer benchmark's generator).

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

func report(_ name: String, rows: Int, seconds: Double, extra: String = "") {
    let rate = Double(rows) / seconds
    print(String(format: "%-10@ rows=%d seconds=%.3f rows/s=%.0f peak_rss_mb=%.1f %@", name as NSString, rows, seconds, rate, peakRSSMegabytes(), extra))
}

func defaultInput() throws -> String {
    let path = "bench-data/2024-05-01-test_telnet-geo.csv"
    if FileManager.default.fileExists(atPath: path) { return path }
    let generator = ["../shared/bench/gen_scan_csv.py", "../../shared/bench/gen_scan_csv.py"].first { FileManager.default.fileExists(atPath: $0) }
    guard let generator else {
        throw NSError(domain: "VigilBenchmarks", code: 1, userInfo: [NSLocalizedDescriptionKey: "no --input given and ../shared/bench/gen_scan_csv.py not found; pass --input FILE"])
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", generator, "--rows", "1000000", "--seed", "42", "--outdir", "bench-data"]
    try p.run()
    p.waitUntilExit()
    return path
}

func benchParse(_ path: String) throws {
    let start = Date()
    var rows = 0
    let reader = FeedReader(format: .shadowserver(reportType: nil))
    try reader.read(path: path, context: FeedContext(receivedAt: 0, fileName: (path as NSString).lastPathComponent)) { chunk in
        rows += chunk.rows
        return true
    }
    report("parse", rows: rows, seconds: Date().timeIntervalSince(start))
}

/// The feed formats `feeds` measures, with how to make their input.
let feedBenchFormats: [(name: String, file: String, format: FeedFormat)] = [
    ("shadowserver", "2024-05-01-scan_telnet-feeds.csv", .shadowserver(reportType: nil)),
    ("stix", "feeds-bundle.json", .stix),
    ("misp", "feeds-misp.json", .misp),
    ("eve", "feeds-eve.json", .suricataEVE),
]

/// Writes each format's input under bench-data/ unless it is there already with the same record count.
func prepareFeedInputs(records: Int) throws {
    try FileManager.default.createDirectory(atPath: "bench-data", withIntermediateDirectories: true)
    for (name, file, _) in feedBenchFormats {
        let path = "bench-data/\(records)-\(file)"
        if FileManager.default.fileExists(atPath: path) { continue }
        let started = Date()
        let generator = ExchangeFeedGenerator(records: records)
        switch name {
        case "shadowserver": try ScanReportGenerator(rows: records, duplicateShare: 0).write(to: path)
        case "stix": try generator.writeSTIX(to: path)
        case "misp": try generator.writeMISP(to: path)
        default: try generator.writeEVE(to: path)
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576
        print("generated \(path) (\(size) MB) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

/// Parses one generated input and reports rows/s (records for STIX objects, MISP attributes, EVE events).
func benchFeed(_ name: String, records: Int) throws {
    guard let entry = feedBenchFormats.first(where: { $0.name == name }) else { throw CocoaError(.featureUnsupported) }
    let path = "bench-data/\(records)-\(entry.file)"
    let fileName = entry.name == "shadowserver" ? "2024-05-01-scan_telnet-feeds.csv" : entry.file
    let start = Date()
    var rows = 0
    var observations = 0
    try FeedReader(format: entry.format).read(path: path, context: FeedContext(receivedAt: 0, fileName: fileName)) { chunk in
        rows += chunk.rows
        observations += chunk.observations.count
        return true
    }
    let seconds = Date().timeIntervalSince(start)
    let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576
    report("feed-\(name)", rows: rows, seconds: seconds, extra: String(format: "observations=%d MB/s=%.0f", observations, size / seconds))
}

func benchLookup() {
    let attributor = Attributor()
    var rng = SeededGenerator(seed: 7)
    let addresses = (0..<2_000_000).map { _ in IPv4Address(UInt32.random(in: 0...UInt32.max, using: &rng)) }
    let start = Date()
    var hits = 0
    for a in addresses where attributor.attribute(ipv4: a).provinceCode != nil { hits += 1 }
    report("lookup", rows: addresses.count, seconds: Date().timeIntervalSince(start), extra: "hits=\(hits)")
}

/// Resident set size now, in MB (from /proc/self/statm).
func currentRSSMegabytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// The reference table: load time of the shipped file, its memory, and single-core IPv4 and IPv6 lookups over
/// 10M random addresses each.
func benchAttribution() throws {
    guard let path = BundledResource.path("vigil-refdata.vgrt") else {
        throw NSError(domain: "VigilBenchmarks", code: 1, userInfo: [NSLocalizedDescriptionKey: "the shipped table was not found; run from the package root"])
    }
    let rssBefore = currentRSSMegabytes()
    var loads: [Double] = []
    var table = RefTable.empty
    var rssAfter = rssBefore
    for run in 0..<5 {
        let t0 = Date()
        table = try RefTableFile.read(path: path)
        loads.append(Date().timeIntervalSince(t0) * 1000)
        if run == 0 { rssAfter = currentRSSMegabytes() }
    }
    let arrayBytes = table.v4Starts.count * 8 + table.v6Starts.count * 20 + 2 * 65_537 * 4
        + table.attributions.count * (MemoryLayout<Attribution>.stride + MemoryLayout<FieldProvenance>.stride)
    print(String(format: "table-load ranges_v4=%d ranges_v6=%d records=%d load_ms_min=%.1f load_ms_median=%.1f table_mb=%.1f rss_delta_mb=%.1f",
                 table.v4Starts.count, table.v6Starts.count, table.attributions.count, loads.min() ?? 0, loads.sorted()[loads.count / 2],
                 Double(arrayBytes) / 1_048_576, rssAfter - rssBefore))

    let count = 10_000_000
    var rng = SeededGenerator(seed: 11)
    let v4 = (0..<count).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) }
    var t0 = Date()
    var checksum = 0
    for a in v4 { checksum &+= table.recordIndex(v4: a) }
    report("ipv4-table", rows: count, seconds: Date().timeIntervalSince(t0), extra: "checksum=\(checksum)")

    let attributor = Attributor(table: table)
    t0 = Date()
    var located = 0
    for a in v4 where attributor.attribute(ipv4: IPv4Address(a)).provinceCode != nil { located += 1 }
    report("ipv4-attr", rows: count, seconds: Date().timeIntervalSince(t0), extra: "with_province=\(located) (full Attribution with organization)")

    // IPv6: half uniformly random, half inside the table's own ranges (random range, random offset), so both the
    // empty space and the populated buckets are exercised.
    let starts = table.v6Starts
    let v6 = (0..<count).map { i -> UInt128 in
        if i & 1 == 0 { return UInt128(UInt64.random(in: 0...UInt64.max, using: &rng)) << 64 | UInt128(UInt64.random(in: 0...UInt64.max, using: &rng)) }
        let r = Int.random(in: 0..<starts.count, using: &rng)
        let span = (r + 1 < starts.count ? starts[r + 1] : UInt128.max) &- starts[r]
        return starts[r] &+ UInt128(UInt64.random(in: 0...UInt64.max, using: &rng)) % max(span, 1)
    }
    t0 = Date()
    checksum = 0
    for a in v6 { checksum &+= table.recordIndex(v6: a) }
    report("ipv6-table", rows: count, seconds: Date().timeIntervalSince(t0), extra: "checksum=\(checksum)")
}

/// The store at `database`: PostgreSQL for a URL, else a SQLite file.
func openStore(_ database: String) async throws -> any Store {
    if PostgresLocation.isURL(database) {
        #if Postgres
        return try await PostgresStore(url: database)
        #else
        throw NSError(domain: "VigilBenchmarks", code: 1, userInfo: [NSLocalizedDescriptionKey: "built without the Postgres trait"])
        #endif
    }
    return try SQLiteStore(path: database)
}

func benchIngest(_ path: String, database: String, name: String, chunkRows: Int) async throws {
    let store = try await openStore(database)
    let pipeline = IngestPipeline(store: store, chunkRows: chunkRows)
    let summary = try await pipeline.ingest(path: path, format: nil, sourceName: "bench")
    report(name, rows: summary.rows, seconds: summary.seconds,
           extra: "new_threats=\(summary.newThreats) new_sightings=\(summary.newSightings) already=\(summary.alreadyIngested)")
}

/// Determination and disposal over an ingested input: one engine pass with the shipped warninglists and the benchmark's
/// source trusted (so every threat not rejected is confirmed and ticketed), then a second pass with nothing to do.
func benchDisposal(_ path: String, database: String, chunkRows: Int) async throws {
    try await benchIngest(path, database: database, name: "ingest", chunkRows: chunkRows)
    let store = try await openStore(database)
    var policy = DeterminationPolicy.standard
    policy.trust["bench"] = .trusted
    let settings = DisposalSettings(rules: DeterminationRules(policy: policy, warninglists: WarninglistSet(try WarninglistDirectory.shipped())))
    let engine = DisposalEngine(ledger: DisposalLedger(store), settings: settings, directory: .standard)
    let now = Int64(Date().timeIntervalSince1970)
    var t0 = Date()
    let first = try await engine.pass(at: now)
    let determined = first.determined.values.reduce(0, +)
    report("disposal-pass", rows: determined, seconds: Date().timeIntervalSince(t0),
           extra: "confirmed=\(first.determined[.confirmed] ?? 0) rejected=\(first.determined[.rejected] ?? 0) review=\(first.determined[.needsReview] ?? 0) "
               + "tickets=\(first.ticketsIssued) placed=\(first.threatsTicketed) unassigned=\(first.unassigned) "
               + first.stageSeconds.sorted { $0.key < $1.key }.map { String(format: "%@_s=%.1f", $0.key, $0.value) }.joined(separator: " "))
    t0 = Date()
    let second = try await engine.pass(at: now + 60)
    report("disposal-idle-pass", rows: determined, seconds: Date().timeIntervalSince(t0), extra: "quiet=\(second.isQuiet) (rows: threats looked at)")
}

let args = CommandLine.arguments.dropFirst()
let mode = args.first(where: { !$0.hasPrefix("--") }) ?? "all"
var input: String?
var chunkRows = 50_000
if let i = args.firstIndex(of: "--chunk-rows"), args.index(after: i) < args.endIndex, let n = Int(args[args.index(after: i)]) { chunkRows = n }
if let i = args.firstIndex(of: "--input"), args.index(after: i) < args.endIndex { input = args[args.index(after: i)] }

var records = 1_000_000
if let i = args.firstIndex(of: "--records"), args.index(after: i) < args.endIndex, let n = Int(args[args.index(after: i)]) { records = n }

do {
    if mode == "feeds" {
        try prepareFeedInputs(records: records)
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        for (name, _, _) in feedBenchFormats {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: me)
            child.arguments = ["feed-one", name, "--records", "\(records)"]
            try child.run()
            child.waitUntilExit()
        }
        exit(0)
    }
    if mode == "feed-one", let name = args.dropFirst().first(where: { !$0.hasPrefix("--") && Int($0) == nil }) {
        try benchFeed(name, records: records)
        exit(0)
    }
    if mode == "attribution" {
        try benchAttribution()
        exit(0)
    }
    if mode == "probes" {
        try ProbeBenchmark.all(executable: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        exit(0)
    }
    if mode == "probes-one" {
        let rest = args.dropFirst().filter { !$0.hasPrefix("--") }
        try await ProbeBenchmark.one(block: rest.first ?? "127.2.0.0/16", rate: rest.dropFirst().first.flatMap { Int($0) } ?? 60_000)
        exit(0)
    }
    if mode == "report" {
        // --database FILE keeps the generated store for the next run; --threats N sets its size (default 34M).
        var threats = 34_000_000
        if let i = args.firstIndex(of: "--threats"), args.index(after: i) < args.endIndex, let n = Int(args[args.index(after: i)]) { threats = n }
        var db = (NSTemporaryDirectory() as NSString).appendingPathComponent("vigil-report-bench.db")
        if let i = args.firstIndex(of: "--database"), args.index(after: i) < args.endIndex { db = args[args.index(after: i)] }
        try await ReportBenchmark.run(database: db, threats: threats)
        exit(0)
    }
    let path = try input ?? defaultInput()
    var db = (NSTemporaryDirectory() as NSString).appendingPathComponent("vigil-bench-\(getpid()).db")
    // --database postgres://… measures PostgreSQL instead (use an empty database).
    if let i = args.firstIndex(of: "--database"), args.index(after: i) < args.endIndex { db = args[args.index(after: i)] }
    defer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }
    switch mode {
    case "parse": try benchParse(path)
    case "lookup": benchLookup()
    case "attribution": try benchAttribution()
    case "ingest": try await benchIngest(path, database: db, name: "ingest", chunkRows: chunkRows)
    case "disposal": try await benchDisposal(path, database: db, chunkRows: chunkRows)
    case "reingest":
        try await benchIngest(path, database: db, name: "ingest", chunkRows: chunkRows)
        try await benchIngest(path, database: db, name: "reingest", chunkRows: chunkRows)
    case "all":
        try benchParse(path)
        benchLookup()
        try benchAttribution()
        try await benchIngest(path, database: db, name: "ingest", chunkRows: chunkRows)
        try await benchIngest(path, database: db, name: "reingest", chunkRows: chunkRows)
    default:
        print("usage: VigilBenchmarks [ingest|parse|lookup|attribution|reingest|feeds|disposal|probes|report|all] [--input FILE] [--records N]")
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("VigilBenchmarks: \(error)\n".utf8))
    exit(1)
}
