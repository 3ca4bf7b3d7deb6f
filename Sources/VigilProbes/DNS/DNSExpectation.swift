import Foundation
import VigilCore

/// What a watched name must resolve to: addresses or ranges the owner declared (or the authoritative servers
/// answer), and CNAME suffixes allowed for a CDN. Following OONI's consistency rule, an answer is consistent when any
/// of its addresses falls in the expected set, which tolerates GeoDNS and CDN rotation.
public struct DNSExpectation: Sendable, Hashable, Codable {
    /// The name, lowercased, without the final dot.
    public var name: String
    /// `A` or `AAAA` (as a record type number).
    public var type: UInt16
    /// Expected addresses and ranges.
    public var ranges: [CIDRBlock]
    /// Allowed CNAME target suffixes (`cdn.example.net`).
    public var cnameSuffixes: [String]

    /// An expectation for `name` and `type`.
    public init(name: String, type: UInt16 = DNSRecordType.a, ranges: [CIDRBlock], cnameSuffixes: [String] = []) {
        self.name = name.lowercased().trimmingCharacters(in: ["."])
        self.type = type
        self.ranges = ranges
        self.cnameSuffixes = cnameSuffixes.map { $0.lowercased().trimmingCharacters(in: ["."]) }
    }

    /// The verdict on a resolver's answer.
    public func verdict(_ exchange: DNSExchange) -> DNSAnswerVerdict {
        guard let answer = exchange.answer else { return .timeout }
        if !exchange.conflicting.isEmpty { return .injected }
        switch answer.responseCode {
        case .nameError: return .nxdomain
        case .serverFailure: return .servfail
        case .refused: return .refused
        case .noError: break
        default: return .servfail
        }
        let addresses = answer.answers.filter { $0.type == type }.compactMap(\.address)
        let cnames = answer.answers.compactMap { $0.type == DNSRecordType.cname ? $0.target : nil }
        if addresses.contains(where: { a in ranges.contains { $0.contains(a) } }) { return .consistent }
        if cnames.contains(where: { c in cnameSuffixes.contains { c == $0 || c.hasSuffix("." + $0) } }) { return .consistent }
        return addresses.isEmpty && cnames.isEmpty ? .noData : .changed
    }
}

/// What an answer watch found for one name at one resolver.
public enum DNSAnswerVerdict: String, Sendable, Hashable, Codable {
    /// An expected address (or allowed CNAME) is in the answer.
    case consistent
    /// Addresses came back, none of them expected: a changed or hijacked answer.
    case changed
    /// Two different answers to one query: an on-path injector.
    case injected
    /// The name does not exist, says the resolver.
    case nxdomain
    /// NOERROR with no address.
    case noData
    /// The resolver failed.
    case servfail
    /// The resolver refused to answer.
    case refused
    /// No answer.
    case timeout

    /// True for the verdicts that raise an alert.
    public var isAlert: Bool { self != .consistent }
}
