import VigilCore

extension ProbeScope {
    /// Reads a scope file: one rule per line, `#` comments.
    ///
    ///     allow 61.135.0.0/16          # ranges we are authorised for
    ///     lab 127.0.0.0/8              # loopback and test namespaces only: may be reserved ranges
    ///     optout 61.135.7.0/24 CERT-2026-118 asked on 2026-11-02
    ///
    /// `lab` takes loopback (127.0.0.0/8, ::1) and ranges inside 10.200.0.0/16 (the test namespaces' network) only.
    public static func parse(_ text: String, file: String = "scope") throws -> ProbeScope {
        var scope = ProbeScope()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?.trimmingEdges() ?? ""
            if line.isEmpty { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let where_ = "\(file):\(n + 1)"
            guard words.count >= 2, let block = CIDRBlock(words[1]) else {
                throw ProbeScopeError("\(where_): expected `allow|lab|optout CIDR …`, got '\(line)'")
            }
            switch words[0] {
            case "allow": scope.add(allow: block)
            case "lab":
                guard Self.labRanges.contains(where: { $0.contains(block) }) else {
                    throw ProbeScopeError("\(where_): lab ranges are loopback (127.0.0.0/8, ::1) or test namespaces (10.200.0.0/16); \(block) is neither")
                }
                scope.add(lab: block)
            case "optout":
                scope.add(optOut: OptOut(block: block, note: words.dropFirst(2).joined(separator: " ")))
            default:
                throw ProbeScopeError("\(where_): unknown rule '\(words[0])'; use allow, lab or optout")
            }
        }
        return scope
    }

    /// Where `lab` rules may point.
    static let labRanges: [CIDRBlock] = ["127.0.0.0/8", "::1/128", "10.200.0.0/16"].compactMap { CIDRBlock($0) }
}

extension CIDRBlock {
    /// True when `other` lies wholly inside this block.
    func contains(_ other: CIDRBlock) -> Bool {
        guard other.prefixLength >= prefixLength else { return false }
        var table = PrefixTable()
        table.insert(self, payload: 0)
        return !table.payloads(containing: other.network).isEmpty
    }
}

/// A scope file that cannot be read, with the line and what to write instead.
public struct ProbeScopeError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
