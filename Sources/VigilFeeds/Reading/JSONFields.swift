/// The members of one JSON object, found in a single pass, for readers that look up several of them: each lookup
/// then compares key bytes without rescanning the object.
public struct JSONFields {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Key ranges (inside the quotes) and value ranges in `bytes`, in order.
    private var members: [(key: Range<Int>, value: Range<Int>)] = []
    private var escapedKeys = false

    /// Indexes an object's members; an empty index for anything else.
    public init(_ view: JSONView) {
        bytes = view.bytes
        members.reserveCapacity(16)
        let base = view.bytes.baseAddress
        view.forEachMember { key, value in
            let start = (key.baseAddress.map { $0 - (base ?? $0) } ?? 0) + 1
            let valueStart = value.bytes.baseAddress.map { $0 - (base ?? $0) } ?? 0
            members.append((start..<(start + key.count - 2), valueStart..<(valueStart + value.bytes.count)))
            if key.contains(UInt8(ascii: "\\")) { escapedKeys = true }
        }
    }

    /// An index the validator built: key ranges (inside quotes) and value ranges in `buffer`.
    init(buffer: UnsafeBufferPointer<UInt8>, members: [(key: Range<Int>, value: Range<Int>)]) {
        bytes = buffer
        self.members = members
        escapedKeys = members.contains { buffer[$0.key].contains(UInt8(ascii: "\\")) }
    }

    /// The number of members.
    public var count: Int { members.count }

    /// The member named `key` (the last one when a key repeats).
    public subscript(key: StaticString) -> JSONView? {
        key.withUTF8Buffer { lookup($0) }
    }

    /// The member named `key`.
    public func member(_ key: String) -> JSONView? {
        var key = key
        return key.withUTF8 { lookup($0) }
    }

    private func lookup(_ key: UnsafeBufferPointer<UInt8>) -> JSONView? {
        var i = members.count - 1
        while i >= 0 {
            let range = members[i].key
            if range.count == key.count, JSONView.equal(bytes, from: range.lowerBound, key) { return value(at: i) }
            i -= 1
        }
        if escapedKeys {
            let wanted = String(decoding: key, as: UTF8.self)
            for i in members.indices.reversed() {
                let range = members[i].key
                let quoted = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound - 1)..<(range.upperBound + 1)])
                if JSONView(bytes: quoted).string == wanted { return value(at: i) }
            }
        }
        return nil
    }

    private func value(at i: Int) -> JSONView {
        JSONView(bytes: UnsafeBufferPointer(rebasing: bytes[members[i].value]))
    }
}

extension JSONView {
    /// The object's members, indexed once for several lookups.
    public var fields: JSONFields { JSONFields(self) }
}
