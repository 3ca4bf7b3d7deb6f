import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilStore
import VigilStoreSQLite
import VigilTesting
@testable import VigilEngine

/// Files in GB18030 (GBK) and UTF-16 ingest like UTF-8 ones; a file whose encoding cannot be told is refused whole,
/// before anything is recorded.
@Suite struct EncodingIngestTests {
    /// "IP地址,发现时间,恶意程序名称" and two rows, in GBK (as `iconv -t GB18030` writes it).
    static let gbkCSV: [UInt8] = [
        0x49, 0x50, 0xB5, 0xD8, 0xD6, 0xB7, 0x2C, 0xB7, 0xA2, 0xCF, 0xD6, 0xCA, 0xB1, 0xBC, 0xE4, 0x2C, 0xB6, 0xF1, 0xD2, 0xE2,
        0xB3, 0xCC, 0xD0, 0xF2, 0xC3, 0xFB, 0xB3, 0xC6, 0x0A,
    ] + Array("1.2.3.4,2024-05-01 10:00:00,A\n198.51.100.7,2024-05-02 11:30:00,B\n".utf8)

    static let mapping = CSVMapping(indicator: .name("IP地址"), kind: .bot, time: .name("发现时间"), note: .name("恶意程序名称"))

    @Test func gbkCSVWithChineseHeadersIngests() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("bots-gbk.csv")
        try Data(Self.gbkCSV).write(to: URL(fileURLWithPath: path))
        let store = try SQLiteStore(path: dir.file("v.db"))
        let summary = try await IngestPipeline(store: store).ingest(path: path, format: .csv(Self.mapping), sourceName: "省通信管理局")
        #expect(summary.rows == 2 && summary.observations == 2 && summary.rejects == 0)
        let threats = try await store.threats(matching: ThreatFilter(kind: .bot))
        #expect(Set(threats.map(\.indicator.value)) == ["1.2.3.4", "198.51.100.7"])
        #expect(threats.first { $0.indicator.value == "198.51.100.7" }?.firstSeen == 1_714_649_400)
        // The batch is the original bytes: the same GBK file again is a no-op.
        #expect(try await IngestPipeline(store: store).ingest(path: path, format: .csv(Self.mapping), sourceName: "省通信管理局").alreadyIngested)
    }

    @Test func gbkCSVWithChineseHeadersIngestsWithTheFormatDetected() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("省管局报送.csv")
        try Data(Self.gbkCSV).write(to: URL(fileURLWithPath: path))
        let store = try SQLiteStore(path: dir.file("v.db"))
        let summary = try await IngestPipeline(store: store).ingest(path: path, format: nil, sourceName: "省通信管理局")
        #expect(summary.format == "csv")
        #expect(summary.rows == 2 && summary.observations == 2)
        // No 威胁类型 column: the kind follows the indicator type.
        #expect(try await store.threats(matching: ThreatFilter(kind: .maliciousIP)).count == 2)
    }

    @Test func utf16ListIngestsWithTheFormatDetected() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let text = "# 恶意IP列表\n203.0.113.5\n203.0.113.6\nnot-an-address!\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = dir.file("blocklist.txt")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let store = try SQLiteStore(path: dir.file("v.db"))
        let summary = try await IngestPipeline(store: store).ingest(path: path, format: nil, sourceName: "list")
        #expect(summary.observations == 2)
        #expect(summary.observations + summary.rejects == summary.rows)
        #expect(summary.rejects == 1)
        let rejects = try await store.rejects(batchID: summary.batchID, limit: 10)
        #expect(rejects.first?.reject.raw == "not-an-address!")
    }

    @Test func undecidableEncodingIsRefusedWholeWithWhatToPass() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let noise = NoiseBytes.make(count: 8192, seed: 0x2545_F491_4F6C_DD1D)
        let path = dir.file("dump.csv")
        try Data(noise).write(to: URL(fileURLWithPath: path))
        let store = try SQLiteStore(path: dir.file("v.db"))
        do {
            _ = try await IngestPipeline(store: store).ingest(path: path, format: .csv(Self.mapping), sourceName: "x")
            Issue.record("binary noise must be refused")
        } catch let error as IngestError {
            #expect(error.code == .unknownEncoding)
            #expect(error.description.contains("--encoding"))
        }
        #expect(try await store.batches(limit: 10).isEmpty, "nothing is recorded for a refused file")
        // Told the encoding, it is read (and every row accounted for).
        let forced = try await IngestPipeline(store: store).ingest(path: path, format: .list(kind: nil), sourceName: "x", encoding: .utf8)
        #expect(forced.observations + forced.rejects == forced.rows)
    }
}
