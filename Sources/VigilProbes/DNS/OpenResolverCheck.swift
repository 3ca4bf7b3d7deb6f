import VigilCore

/// The open-resolver check (Shadowserver's `dnsscan`): ask the target to resolve a unique name under a zone we
/// control (`<target in hex>-<nonce>.scan.<zone>`), whose answer we know. Recursion available plus the known answer
/// is an open resolver; another answer is a resolver that lies (`bogusResolver`); REFUSED or no recursion is closed.
/// The unique name also shows up in our authoritative server's query log, from the address that really recursed.
public enum OpenResolverCheck {
    /// The unique query name for `target`.
    public static func name(for target: IPAddress, nonce: UInt32, zone: String) -> String {
        let hex = target.description.split(whereSeparator: { $0 == "." || $0 == ":" }).map { part -> String in
            target.bitWidth == 32 ? String(UInt8(part) ?? 0, radix: 16).leftPadded(to: 2) : String(part)
        }.joined()
        return "\(hex)-\(String(nonce, radix: 16).leftPadded(to: 8)).\(zone.lowercased())"
    }

    /// The verdict on an exchange, given the addresses the zone really answers.
    public static func verdict(_ exchange: DNSExchange, expected: Set<IPAddress>) -> OpenResolverVerdict {
        guard let answer = exchange.answer else { return .silent }
        if answer.responseCode == .refused || !answer.recursionAvailable { return .closed }
        let addresses = Set(answer.answers.compactMap(\.address))
        guard answer.responseCode == .noError, !addresses.isEmpty else { return .recursionFailed }
        return addresses.isDisjoint(with: expected) ? .bogusResolver : .openResolver
    }
}

/// What the open-resolver check found.
public enum OpenResolverVerdict: String, Sendable, Hashable, Codable {
    /// It resolves names for anyone, correctly: a reflector and a cache to poison.
    case openResolver
    /// It resolves for anyone, and lies (Shadowserver's `bogusresolver`).
    case bogusResolver
    /// Recursion is offered but failed (SERVFAIL, NXDOMAIN, or no address): still open.
    case recursionFailed
    /// REFUSED, or no recursion: not an open resolver.
    case closed
    /// No answer.
    case silent

    /// True for the verdicts that are a finding.
    public var isOpen: Bool { self == .openResolver || self == .bogusResolver || self == .recursionFailed }
}
