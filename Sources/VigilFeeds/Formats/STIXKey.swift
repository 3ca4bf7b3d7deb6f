/// A STIX identifier (`indicator--6b0c9b4a-…`) as a compact dictionary key: the UUID's 128 bits when the id has the
/// standard form, else the text. Bundles of a million objects keep several maps of ids; hashing two integers is far
/// cheaper than hashing and comparing 50-character strings.
enum STIXKey: Hashable {
    case uuid(UInt64, UInt64, typeHash: UInt32)
    case text(String)

    /// One word into the hasher for UUID ids: their bits are already random.
    func hash(into hasher: inout Hasher) {
        switch self {
        case .uuid(let high, let low, let typeHash): hasher.combine(high ^ (low &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(typeHash))
        case .text(let text): hasher.combine(text)
        }
    }

    init(_ id: String) {
        var id = id
        self = id.withUTF8 { STIXKey(bytes: $0) ?? .text(String(decoding: $0, as: UTF8.self)) }
    }

    /// The key of a JSON string value holding an id, read from its bytes without making a string first.
    init?(_ view: JSONView?) {
        guard let view, view.kind == .string, view.bytes.count >= 2 else { return nil }
        let inner = UnsafeBufferPointer(rebasing: view.bytes[1..<(view.bytes.count - 1)])
        if let key = STIXKey(bytes: inner) {
            self = key
        } else if let text = view.string {
            self = .text(text)
        } else {
            return nil
        }
    }

    /// The UUID form, or nil when the id is not `type--uuid`.
    private init?(bytes: UnsafeBufferPointer<UInt8>) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var digits = 0
        var typeHash: UInt32 = 2_166_136_261
        var afterSeparator = false
        var dashes = 0
        var valid = true
        for byte in bytes {
            if !afterSeparator {
                if byte == UInt8(ascii: "-") {
                    dashes += 1
                    if dashes == 2 { afterSeparator = true }
                } else {
                    if dashes == 1 { typeHash = (typeHash ^ UInt32(UInt8(ascii: "-"))) &* 16_777_619 }
                    dashes = 0
                    typeHash = (typeHash ^ UInt32(byte)) &* 16_777_619
                }
                continue
            }
            if byte == UInt8(ascii: "-") { continue }
            let value: UInt64
            switch byte {
            case 0x30...0x39: value = UInt64(byte - 0x30)
            case 0x61...0x66: value = UInt64(byte - 0x61 + 10)
            case 0x41...0x46: value = UInt64(byte - 0x41 + 10)
            default:
                valid = false
                value = 0
            }
            if !valid { break }
            if digits < 16 { high = high << 4 | value } else { low = low << 4 | value }
            digits += 1
        }
        guard valid, digits == 32 else { return nil }
        self = .uuid(high, low, typeHash: typeHash)
    }
}
