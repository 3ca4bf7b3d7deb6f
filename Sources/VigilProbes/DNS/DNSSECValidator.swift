import Crypto
import _CryptoExtras
import Foundation

/// DNSSEC validation of an answer from a configured trust anchor, done by the probe itself so that a resolver cannot
/// vouch for its own answer. The anchor is the zone's key-signing key; the zone's DNSKEY set must be signed by it, and
/// the answer's record set by a key of that set. Chains through delegations (DS) are not followed: the watched name
/// must be in the anchored zone itself. Algorithms: 8 (RSA/SHA-256), 13 (ECDSA P-256), 14 (ECDSA P-384), 15 (Ed25519).
public struct DNSSECValidator: Sendable {
    /// What validation concluded.
    public enum Result: Sendable, Hashable, CustomStringConvertible {
        /// Every record set checked is signed by the anchored keys and within its validity period.
        case secure
        /// Signed data is missing or does not verify: tampering, or a broken zone.
        case bogus(String)
        /// The anchor does not cover the name: nothing to validate against.
        case insecure

        public var description: String {
            switch self {
            case .secure: "secure"
            case .bogus(let why): "bogus: \(why)"
            case .insecure: "insecure"
            }
        }
    }

    /// A trust anchor: the zone and its key-signing key's DNSKEY data.
    public struct TrustAnchor: Sendable, Hashable {
        /// The zone, lowercased, without the final dot.
        public var zone: String
        /// DNSKEY data: flags, protocol, algorithm, public key.
        public var key: [UInt8]

        /// Reads `zone. [TTL] [IN] DNSKEY 257 3 13 BASE64…` (a zone-file line) or BIND's
        /// `zone. static-key 257 3 13 "BASE64…"` (a `trust-anchors` entry). Nil when it is neither.
        public init?(_ line: String) {
            var words = line.replacingOccurrences(of: "\"", with: " ").replacingOccurrences(of: ";", with: " ")
                .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let zone = words.first else { return nil }
            words.removeFirst()
            while let w = words.first, w.uppercased() != "DNSKEY" && w != "static-key" && w != "initial-key" { words.removeFirst() }
            guard !words.isEmpty else { return nil }
            words.removeFirst()
            guard words.count >= 4, let flags = UInt16(words[0]), let proto = UInt8(words[1]), let algorithm = UInt8(words[2]),
                  let key = Data(base64Encoded: words[3...].joined()) else { return nil }
            self.zone = zone.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            self.key = [UInt8(flags >> 8), UInt8(flags & 0xFF), proto, algorithm] + Array(key)
        }

        /// The key tag (RFC 4034 appendix B).
        public var keyTag: UInt16 { DNSSECValidator.keyTag(key) }
    }

    /// The anchors.
    public let anchors: [TrustAnchor]

    /// A validator with these anchors.
    public init(anchors: [TrustAnchor]) {
        self.anchors = anchors
    }

    /// The anchor whose zone holds `name`, or nil.
    public func anchor(for name: String) -> TrustAnchor? {
        let name = name.lowercased()
        return anchors.filter { name == $0.zone || name.hasSuffix("." + $0.zone) }.max { $0.zone.count < $1.zone.count }
    }

    /// Validates the answer to `name`/`type` (`answer`, asked with DO and CD) with the zone's DNSKEY answer (`keys`).
    public func validate(name: String, type: UInt16, answer: DNSMessage, keys: DNSMessage, now: Date = Date()) -> Result {
        guard let anchor = anchor(for: name) else { return .insecure }
        let keySet = keys.answers.filter { $0.type == DNSRecordType.dnskey && $0.name == anchor.zone }
        let keySignatures = keys.answers.filter { $0.type == DNSRecordType.rrsig && $0.name == anchor.zone }
        guard keySet.contains(where: { $0.data == anchor.key }) else { return .bogus("the zone's DNSKEY set does not hold the trust anchor (key tag \(anchor.keyTag))") }
        if case .bogus(let why) = Self.verify(keySet, signatures: keySignatures, keys: [anchor.key], signer: anchor.zone, now: now) {
            return .bogus("DNSKEY set: \(why)")
        }
        let zoneKeys = keySet.map(\.data)
        // Every record set in the answer section (a CNAME chain and the final set) must verify.
        var sets: [String: [DNSRecord]] = [:]
        for record in answer.answers where record.type != DNSRecordType.rrsig { sets["\(record.name)|\(record.type)", default: []].append(record) }
        guard !sets.isEmpty else {
            return answer.responseCode == .noError || answer.responseCode == .nameError
                ? .bogus("no records for \(name) \(DNSRecordType.name(type)); denial of existence is not checked") : .bogus("answer \(answer.responseCode?.mnemonic ?? "?")")
        }
        for (key, set) in sets.sorted(by: { $0.key < $1.key }) {
            guard let first = set.first, anchor.zone == first.name || first.name.hasSuffix("." + anchor.zone) else {
                return .bogus("\(key) is outside the anchored zone \(anchor.zone)")
            }
            let signatures = answer.answers.filter { $0.type == DNSRecordType.rrsig && $0.name == first.name && Self.typeCovered($0) == first.type }
            if case .bogus(let why) = Self.verify(set, signatures: signatures, keys: zoneKeys, signer: anchor.zone, now: now) {
                return .bogus("\(first.name) \(DNSRecordType.name(first.type)): \(why)")
            }
        }
        return .secure
    }

    static func typeCovered(_ rrsig: DNSRecord) -> UInt16? {
        rrsig.data.count >= 2 ? UInt16(rrsig.data[0]) << 8 | UInt16(rrsig.data[1]) : nil
    }

    /// True when one of `signatures` over `set` verifies with one of `keys`, by `signer`, valid at `now`.
    static func verify(_ set: [DNSRecord], signatures: [DNSRecord], keys: [[UInt8]], signer: String, now: Date) -> Result {
        guard let first = set.first else { return .bogus("empty record set") }
        guard !signatures.isEmpty else { return .bogus("no signature (RRSIG)") }
        var reasons: [String] = []
        for rrsig in signatures {
            let d = rrsig.data
            guard d.count > 18 else {
                reasons.append("short RRSIG")
                continue
            }
            let algorithm = d[2], labels = Int(d[3])
            let expiration = UInt32(d[8]) << 24 | UInt32(d[9]) << 16 | UInt32(d[10]) << 8 | UInt32(d[11])
            let inception = UInt32(d[12]) << 24 | UInt32(d[13]) << 16 | UInt32(d[14]) << 8 | UInt32(d[15])
            let tag = UInt16(d[16]) << 8 | UInt16(d[17])
            var reader = DNSMessage.Reader(bytes: d, at: 18)
            guard let signerName = reader.name(), signerName == signer else {
                reasons.append("signed by another zone")
                continue
            }
            let signature = Array(d[reader.at...])
            let clock = UInt32(truncatingIfNeeded: Int64(now.timeIntervalSince1970))
            // Serial-number arithmetic (RFC 4034 §3.1.5): the period may wrap around 2^32.
            guard Int32(bitPattern: clock &- inception) >= 0, Int32(bitPattern: expiration &- clock) >= 0 else {
                reasons.append("outside its validity period")
                continue
            }
            // The owner as signed: a wildcard expansion is signed as `*.` + the last `labels` labels.
            let ownerLabels = first.name.split(separator: ".")
            guard labels <= ownerLabels.count else {
                reasons.append("more labels than the owner")
                continue
            }
            let owner = labels < ownerLabels.count ? "*." + ownerLabels.suffix(labels).joined(separator: ".") : first.name
            let ownerWire = DNSMessage.encode(name: owner)
            var signed = Array(d[0..<18]) + DNSMessage.encode(name: signerName)
            for record in set.sorted(by: { $0.data.lexicographicallyPrecedes($1.data) }) {
                signed += ownerWire
                signed += [UInt8(record.type >> 8), UInt8(record.type & 0xFF), UInt8(record.recordClass >> 8), UInt8(record.recordClass & 0xFF)]
                signed += d[4..<8]
                signed += [UInt8(record.data.count >> 8), UInt8(record.data.count & 0xFF)]
                signed += record.data
            }
            for key in keys where key.count > 4 && key[3] == algorithm && keyTag(key) == tag {
                if verify(signature, data: signed, key: Array(key[4...]), algorithm: algorithm) { return .secure }
            }
            reasons.append("the signature with key tag \(tag) (algorithm \(algorithm)) does not verify")
        }
        return .bogus(reasons.joined(separator: "; "))
    }

    static func verify(_ signature: [UInt8], data: [UInt8], key: [UInt8], algorithm: UInt8) -> Bool {
        switch algorithm {
        case 13:
            guard let k = try? P256.Signing.PublicKey(rawRepresentation: key), let s = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return k.isValidSignature(s, for: data)
        case 14:
            guard let k = try? P384.Signing.PublicKey(rawRepresentation: key), let s = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return k.isValidSignature(s, for: data)
        case 15:
            guard let k = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else { return false }
            return k.isValidSignature(signature, for: data)
        case 8:
            // RFC 3110: exponent length (1 byte, or 0 then 2 bytes), exponent, modulus.
            guard let first = key.first else { return false }
            let (length, start) = first == 0 && key.count > 3 ? (Int(key[1]) << 8 | Int(key[2]), 3) : (Int(first), 1)
            guard start + length < key.count,
                  let k = try? _RSA.Signing.PublicKey(n: Array(key[(start + length)...]), e: Array(key[start..<(start + length)])) else { return false }
            return k.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
        default:
            return false
        }
    }

    /// The key tag of DNSKEY data (RFC 4034 appendix B).
    public static func keyTag(_ key: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        for (i, byte) in key.enumerated() { sum += i & 1 == 0 ? UInt32(byte) << 8 : UInt32(byte) }
        sum += (sum >> 16) & 0xFFFF
        return UInt16(sum & 0xFFFF)
    }
}
