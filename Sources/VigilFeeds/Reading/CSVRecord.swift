/// Splits one CSV record into fields, RFC 4180 style: fields may be double-quoted, `""` is an escaped quote, and
/// the separator is configurable. Reuses its storage between records.
public struct CSVRecord {
    /// The separator byte, `,` by default.
    public let separator: UInt8
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var quoted: [Bool] = []
    private var base: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)
    /// True when a quote was left open.
    public private(set) var unterminatedQuote = false

    /// A splitter with the given separator.
    public init(separator: UInt8 = UInt8(ascii: ",")) {
        self.separator = separator
        starts.reserveCapacity(64)
        ends.reserveCapacity(64)
        quoted.reserveCapacity(64)
    }

    /// The number of fields in the current record.
    public var count: Int { starts.count }

    /// Splits a record. The record buffer must stay valid while fields are read.
    public mutating func split(_ record: UnsafeBufferPointer<UInt8>) {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        quoted.removeAll(keepingCapacity: true)
        unterminatedQuote = false
        base = record
        let n = record.count
        var i = 0
        while true {
            if i < n && record[i] == 0x22 {
                let s = i + 1
                var j = s
                var closed = false
                while j < n {
                    if record[j] == 0x22 {
                        if j + 1 < n && record[j + 1] == 0x22 {
                            j += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    j += 1
                }
                if !closed { unterminatedQuote = true }
                starts.append(s)
                ends.append(min(j, n))
                quoted.append(true)
                i = j + 1
                while i < n && record[i] != separator { i += 1 }
            } else {
                let s = i
                while i < n && record[i] != separator { i += 1 }
                starts.append(s)
                ends.append(i)
                quoted.append(false)
            }
            if i >= n { break }
            i += 1
            if i == n {
                starts.append(n)
                ends.append(n)
                quoted.append(false)
                break
            }
        }
    }

    /// The raw bytes of field `index` (quotes removed; `""` not yet unescaped).
    @inline(__always)
    public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: base[starts[index]..<ends[index]])
    }

    /// True when field `index` is empty.
    public func isEmpty(_ index: Int) -> Bool { starts[index] == ends[index] }

    /// Field `index` as a string, with `""` unescaped and surrounding spaces kept.
    public func string(_ index: Int) -> String {
        let b = bytes(index)
        if quoted[index], b.contains(0x22) {
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var k = 0
            while k < b.count {
                out.append(b[k])
                if b[k] == 0x22 && k + 1 < b.count && b[k + 1] == 0x22 { k += 1 }
                k += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
        return String(decoding: b, as: UTF8.self)
    }

    /// Field `index` as a non-negative integer, or nil.
    public func integer(_ index: Int) -> Int? {
        let b = bytes(index)
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var v = 0
        for byte in b {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            v = v * 10 + Int(byte - 0x30)
        }
        return v
    }
}
