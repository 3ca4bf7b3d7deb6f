import VigilCore

/// Where probes may go: an allowlist of ranges the operator is authorised for, Vigil's built-in denylist of reserved
/// ranges (RFC 6890: private, loopback, documentation, multicast …) and an opt-out list of ranges whose owners asked
/// not to be probed. Every target is checked before a packet is built; a refused target is never sent to.
///
/// Reserved ranges are refused even when allowlisted, except the ranges a scope names under `lab` (loopback and the
/// test network namespaces a test creates), so a scope file cannot widen probing to private networks by accident.
public struct ProbeScope: Sendable {
    /// An opted-out range, with who asked and why.
    public struct OptOut: Sendable, Hashable {
        /// The range not to probe.
        public var block: CIDRBlock
        /// Who asked, when and why.
        public var note: String
    }

    /// Ranges the operator is authorised to probe.
    public private(set) var allowed: [CIDRBlock] = []
    /// Loopback and test-namespace ranges that may be probed although reserved.
    public private(set) var lab: [CIDRBlock] = []
    /// Ranges whose owners asked not to be probed.
    public private(set) var optOuts: [OptOut] = []
    private var allowTable = PrefixTable()
    private var labTable = PrefixTable()
    private var optOutTable = PrefixTable()

    /// An empty scope: refuses everything.
    public init() {}

    /// A scope from its ranges.
    public init(allow: [CIDRBlock], lab: [CIDRBlock] = [], optOut: [OptOut] = []) {
        for b in allow { add(allow: b) }
        for b in lab { add(lab: b) }
        for o in optOut { add(optOut: o) }
    }

    mutating func add(allow block: CIDRBlock) {
        allowTable.insert(block, payload: allowed.count)
        allowed.append(block)
    }

    mutating func add(lab block: CIDRBlock) {
        labTable.insert(block, payload: lab.count)
        lab.append(block)
    }

    mutating func add(optOut: OptOut) {
        optOutTable.insert(optOut.block, payload: optOuts.count)
        optOuts.append(optOut)
    }

    /// Whether a probe may be sent to `address`, and if not, why.
    public func check(_ address: IPAddress) -> ScopeDecision {
        if let n = optOutTable.payloads(containing: address).last {
            return .refused("\(address) is opted out (\(optOuts[n].block): \(optOuts[n].note))")
        }
        if !labTable.payloads(containing: address).isEmpty { return .allowed }
        if let reserved = ReservedRanges.reservation(of: address) {
            return .refused("\(address) is in a reserved range (\(reserved)); only a scope's lab ranges may reach reserved addresses")
        }
        guard !allowTable.payloads(containing: address).isEmpty else {
            return .refused("\(address) is outside the scope's allowed ranges (\(allowed.isEmpty ? "none" : allowed.map(\.description).joined(separator: ", ")))")
        }
        return .allowed
    }
}

/// A scope's answer for one target.
public enum ScopeDecision: Sendable, Hashable {
    /// The probe may be sent.
    case allowed
    /// Refused, with a reason that names the scope rule.
    case refused(String)

    /// True for ``allowed``.
    public var isAllowed: Bool { self == .allowed }
}

extension ProbeScope {
    /// Whether a whole target block may be probed: inside one lab range, or inside one allowed range without touching
    /// a reserved range. Opted-out addresses inside an allowed block are skipped when the packets are sent.
    public func check(block: CIDRBlock) -> ScopeDecision {
        if lab.contains(where: { $0.contains(block) }) { return .allowed }
        guard allowed.contains(where: { $0.contains(block) }) else {
            return .refused("\(block) is outside the scope's allowed ranges (\(allowed.isEmpty ? "none" : allowed.map(\.description).joined(separator: ", ")))")
        }
        for (text, name) in ReservedRanges.ranges {
            guard let reserved = CIDRBlock(text), reserved.network.bitWidth == block.network.bitWidth else { continue }
            if reserved.contains(block) || block.contains(reserved) {
                return .refused("\(block) touches a reserved range (\(reserved), \(name)); only a scope's lab ranges may reach reserved addresses")
            }
        }
        return .allowed
    }
}
