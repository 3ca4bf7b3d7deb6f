import Foundation
import VigilCore

/// The on-disk form of a ``RefTable`` (`.vgrt`): a magic number, a JSON metadata block, a string table, fixed-size
/// records and the range arrays, little-endian. Loading is a file read and a few bulk copies.
public enum RefTableFile {
    static let magic = Array("VGRT0001".utf8)
    private static let kinds = RefSourceKind.allCases
    private static let operators = NetworkOperator.allCases

    /// Why a table file could not be read.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// What is wrong with it.
        public let message: String
        /// `path: message; rebuild it …`.
        public var description: String { "\(path): \(message); rebuild it with `vigil refdata compile`" }
    }

    /// Why a table file could not be opened.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// What went wrong and what to do.
        public let message: String
        /// `path: message`.
        public var description: String { "\(path): \(message)" }
    }

    /// Why a table file could not be written.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// What went wrong and what to do.
        public let message: String
        /// `path: message`.
        public var description: String { "\(path): \(message)" }
    }

    /// Serializes a table.
    public static func encode(_ table: RefTable) throws -> [UInt8] {
        var out = magic
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        var metadata = table.metadata
        metadata.operatorNames = operators.map(\.rawValue)
        metadata.sourceKindNames = kinds.map(\.rawValue)
        let meta = try JSONEncoder().encode(metadata)
        u32(UInt32(meta.count))
        out.append(contentsOf: meta)
        var strings: [String] = [""]
        var stringIndex: [String: UInt32] = ["": 0]
        func intern(_ s: String?) -> UInt32 {
            // The pool is newline-separated; a newline inside a name would shift every later one.
            guard let s = s.map({ $0.replacingOccurrences(of: "\n", with: " ") }) else { return UInt32.max }
            if let i = stringIndex[s] { return i }
            let i = UInt32(strings.count)
            strings.append(s)
            stringIndex[s] = i
            return i
        }
        var records: [UInt8] = []
        for (a, p) in zip(table.attributions, table.provenance) {
            let cc = Array((a.countryCode ?? "").utf8)
            records.append(cc.count == 2 ? cc[0] : 0)
            records.append(cc.count == 2 ? cc[1] : 0)
            records.append(UInt8(operators.firstIndex(of: a.networkOperator) ?? 0))
            for f in RefField.allCases { records.append(p[f].flatMap { kinds.firstIndex(of: $0) }.map(UInt8.init) ?? 255) }
            records.append(0)
            for v in [UInt32(a.provinceCode ?? 0), intern(a.city), intern(a.operatorName), UInt32(a.asn ?? 0)] {
                withUnsafeBytes(of: v.littleEndian) { records.append(contentsOf: $0) }
            }
        }
        let blob = Array(strings.joined(separator: "\n").utf8)
        u32(UInt32(blob.count))
        out.append(contentsOf: blob)
        u32(UInt32(table.attributions.count))
        out.append(contentsOf: records)
        u32(UInt32(table.v4Starts.count))
        for v in table.v4Starts { u32(v) }
        for v in table.v4Records { u32(v) }
        u32(UInt32(table.v6Starts.count))
        for v in table.v6Starts { u64(UInt64(truncatingIfNeeded: v >> 64)) }
        for v in table.v6Starts { u64(UInt64(truncatingIfNeeded: v)) }
        for v in table.v6Records { u32(v) }
        return out
    }

    /// Writes a table to a file, atomically.
    public static func write(_ table: RefTable, to path: String) throws {
        let bytes = try encode(table)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WriteError(path: path, message: "cannot write the table (\((error as NSError).localizedDescription)); check that the directory exists and is writable")
        }
    }

    /// Reads a table file.
    public static func read(path: String) throws -> RefTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(path: path, message: "cannot read the reference table; check the path (--refdata, $VIGIL_REFDATA or [refdata] table in vigil.toml)")
        }
        return try data.withUnsafeBytes { raw in try decode(raw, path: path) }
    }

    static func decode(_ raw: UnsafeRawBufferPointer, path: String) throws -> RefTable {
        var offset = 0
        func need(_ n: Int) throws {
            guard offset + n <= raw.count else { throw FormatError(path: path, message: "truncated at byte \(offset)") }
        }
        func u32() throws -> UInt32 {
            try need(4)
            defer { offset += 4 }
            return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
        func array<T>(_ count: Int, _ type: T.Type) throws -> [T] {
            let size = count * MemoryLayout<T>.stride
            try need(size)
            defer { offset += size }
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                if size > 0, let base = raw.baseAddress, let target = buffer.baseAddress {
                    UnsafeMutableRawPointer(target).copyMemory(from: base + offset, byteCount: size)
                }
                initialized = count
            }
        }
        try need(magic.count)
        guard Array(raw[0..<magic.count]) == magic else { throw FormatError(path: path, message: "not a Vigil reference table") }
        offset = magic.count
        let metaCount = Int(try u32())
        try need(metaCount)
        var metadata: RefTableMetadata
        do {
            metadata = try JSONDecoder().decode(RefTableMetadata.self, from: Data(raw[offset..<(offset + metaCount)]))
        } catch {
            throw FormatError(path: path, message: "its metadata block is damaged")
        }
        offset += metaCount
        let blobCount = Int(try u32())
        try need(blobCount)
        let strings = raw[offset..<(offset + blobCount)].split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        offset += blobCount
        let recordCount = Int(try u32())
        try need(recordCount * 25)
        var attributions: [Attribution] = []
        var provenance: [FieldProvenance] = []
        attributions.reserveCapacity(recordCount)
        provenance.reserveCapacity(recordCount)
        // Numbering of operators and source kinds as the file was written.
        var fileOperators = operators
        if let names = metadata.operatorNames {
            fileOperators = try names.map { name in
                guard let op = NetworkOperator(rawValue: name) else {
                    throw FormatError(path: path, message: "it names operator '\(name)', unknown to this Vigil (made by a newer version?)")
                }
                return op
            }
        }
        var fileKinds = kinds
        if let names = metadata.sourceKindNames {
            fileKinds = try names.map { name in
                guard let kind = RefSourceKind(rawValue: name) else {
                    throw FormatError(path: path, message: "it names source kind '\(name)', unknown to this Vigil (made by a newer version?)")
                }
                return kind
            }
        }
        for _ in 0..<recordCount {
            let b = { (i: Int) in raw[offset + i] }
            let cc = b(0) == 0 ? nil : String(decoding: [b(0), b(1)], as: UTF8.self)
            let op = Int(b(2)) < fileOperators.count ? fileOperators[Int(b(2))] : .unknown
            var p = FieldProvenance()
            for (i, f) in RefField.allCases.enumerated() where Int(b(3 + i)) < fileKinds.count { p[f] = fileKinds[Int(b(3 + i))] }
            offset += 9
            let province = try u32()
            let city = try u32()
            let opName = try u32()
            let asn = try u32()
            func string(_ i: UInt32) -> String? { i == UInt32.max || Int(i) >= strings.count ? nil : strings[Int(i)] }
            attributions.append(Attribution(
                countryCode: cc, provinceCode: province == 0 ? nil : Int(province), city: string(city),
                networkOperator: op, operatorName: string(opName), asn: asn == 0 ? nil : Int(asn)))
            provenance.append(p)
        }
        let v4Count = Int(try u32())
        let v4Starts = try array(v4Count, UInt32.self).map { UInt32(littleEndian: $0) }
        let v4Records = try array(v4Count, UInt32.self).map { UInt32(littleEndian: $0) }
        let v6Count = Int(try u32())
        let highs = try array(v6Count, UInt64.self)
        let lows = try array(v6Count, UInt64.self)
        let v6Records = try array(v6Count, UInt32.self).map { UInt32(littleEndian: $0) }
        let v6Starts = zip(highs, lows).map { UInt128(UInt64(littleEndian: $0)) << 64 | UInt128(UInt64(littleEndian: $1)) }
        guard v4Records.allSatisfy({ Int($0) < recordCount }), v6Records.allSatisfy({ Int($0) < recordCount }) else {
            throw FormatError(path: path, message: "a range points past the record table")
        }
        // Lookups rely on ranges that start at address 0 and ascend strictly.
        guard v4Starts.first.map({ $0 == 0 }) ?? true, v6Starts.first.map({ $0 == 0 }) ?? true,
              zip(v4Starts, v4Starts.dropFirst()).allSatisfy({ $0 < $1 }), zip(v6Starts, v6Starts.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw FormatError(path: path, message: "its ranges are not in ascending order from address 0")
        }
        guard offset == raw.count else { throw FormatError(path: path, message: "it has \(raw.count - offset) bytes of trailing data") }
        // The numbering lists describe this file only.
        metadata.operatorNames = nil
        metadata.sourceKindNames = nil
        return RefTable(v4Starts: v4Starts, v4Records: v4Records, v6Starts: v6Starts, v6Records: v6Records, attributions: attributions, provenance: provenance, metadata: metadata)
    }
}
