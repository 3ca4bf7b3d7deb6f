import Foundation
import VigilAttribution
import VigilCore
import VigilEngine
import VigilFeeds
import VigilStore
import VigilStoreSQLite

#if canImport(Glibc)
import Glibc
#endif

/// Vigil's benchmark executable: throughput and peak memory of each hot path.
///
/// Usage: `swift run -c release VigilBenchmarks [ingest|parse|lookup|reingest|all] [--input FILE]`
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

func benchLookup() {
    let attributor = Attributor()
    var rng = SeededGenerator(seed: 7)
    let addresses = (0..<2_000_000).map { _ in IPv4Address(UInt32.random(in: 0...UInt32.max, using: &rng)) }
    let start = Date()
    var hits = 0
    for a in addresses where attributor.attribute(ipv4: a).provinceCode != nil { hits += 1 }
    report("lookup", rows: addresses.count, seconds: Date().timeIntervalSince(start), extra: "hits=\(hits)")
}

func benchIngest(_ path: String, database: String, name: String, chunkRows: Int) async throws {
    let store = try SQLiteStore(path: database)
    let pipeline = IngestPipeline(store: store, chunkRows: chunkRows)
    let summary = try await pipeline.ingest(path: path, format: nil, sourceName: "bench")
    report(name, rows: summary.rows, seconds: summary.seconds,
           extra: "new_threats=\(summary.newThreats) new_sightings=\(summary.newSightings) already=\(summary.alreadyIngested)")
}

let args = CommandLine.arguments.dropFirst()
let mode = args.first(where: { !$0.hasPrefix("--") }) ?? "all"
var input: String?
var chunkRows = 50_000
if let i = args.firstIndex(of: "--chunk-rows"), args.index(after: i) < args.endIndex, let n = Int(args[args.index(after: i)]) { chunkRows = n }
if let i = args.firstIndex(of: "--input"), args.index(after: i) < args.endIndex { input = args[args.index(after: i)] }

do {
    let path = try input ?? defaultInput()
    let db = (NSTemporaryDirectory() as NSString).appendingPathComponent("vigil-bench-\(getpid()).db")
    defer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }
    switch mode {
    case "parse": try benchParse(path)
    case "lookup": benchLookup()
    case "ingest": try await benchIngest(path, database: db, name: "ingest", chunkRows: chunkRows)
    case "reingest":
        try await benchIngest(path, database: db, name: "ingest", chunkRows: chunkRows)
        try await benchIngest(path, database: db, name: "reingest", chunkRows: chunkRows)
    case "all":
        try benchParse(path)
        benchLookup()
        try await benchIngest(path, database: db, name: "ingest", chunkRows: chunkRows)
        try await benchIngest(path, database: db, name: "reingest", chunkRows: chunkRows)
    default:
        print("usage: VigilBenchmarks [ingest|parse|lookup|reingest|all] [--input FILE]")
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("VigilBenchmarks: \(error)\n".utf8))
    exit(1)
}
