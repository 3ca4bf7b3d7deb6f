import Foundation

/// A warninglist an indicator is on, and how.
public struct WarninglistHit: Sendable, Hashable {
    /// The list's name.
    public let list: String
    /// True when the indicator (or its host) is an entry itself, false when it is inside one: a subdomain of a listed
    /// name, an address in a listed network. Policy may treat the two differently (a phishing page on a subdomain of
    /// a listed hosting platform is still phishing).
    public let exact: Bool
}

/// A set of warninglists compiled for matching: prefix tables for address lists, suffix sets for host-name lists,
/// exact sets for string lists. ``hits(_:)`` names every list an indicator is on.
public struct WarninglistSet: Sendable {
    /// The lists, in the order given.
    public let lists: [Warninglist]
    private var prefixes = PrefixTable()
    /// Single addresses of address lists (an exact hit, unlike an address inside a listed network).
    private var singles = PrefixTable()
    private var hostnames: [String: [Int]] = [:]
    private var strings: [String: [Int]] = [:]
    private var substrings: [(String, Int)] = []
    private var regexes: [(NSRegularExpressionBox, Int)] = []
    private let types: [Set<IndicatorType>]

    /// Compiles lists. Entries that do not parse for their type (a bad CIDR, a bad pattern) are left out.
    public init(_ lists: [Warninglist]) {
        self.lists = lists
        types = lists.map(\.indicatorTypes)
        for (i, list) in lists.enumerated() {
            for raw in list.list {
                let entry = raw.trimmingCharacters(in: .whitespaces)
                guard !entry.isEmpty else { continue }
                switch list.type {
                case .cidr:
                    if let block = CIDRBlock(entry), !block.isSingleAddress {
                        prefixes.insert(block, payload: i)
                    } else if let address = IPAddress(entry) ?? CIDRBlock(entry)?.network {
                        singles.insert(CIDRBlock(address: address, prefixLength: address.bitWidth), payload: i)
                    }
                case .hostname:
                    var name = entry.lowercased()
                    while name.hasPrefix(".") || name.hasPrefix("*.") { name.removeFirst(name.hasPrefix("*.") ? 2 : 1) }
                    if name.hasSuffix(".") { name.removeLast() }
                    if !name.isEmpty { hostnames[name, default: []].append(i) }
                case .string:
                    strings[entry.lowercased(), default: []].append(i)
                case .substring:
                    substrings.append((entry.lowercased(), i))
                case .regex:
                    if let box = NSRegularExpressionBox(entry) { regexes.append((box, i)) }
                }
            }
        }
    }

    /// The names of the lists `indicator` is on, without repeats, in list order.
    public func matches(_ indicator: Indicator) -> [String] {
        var seen = Set<String>()
        return hits(indicator).map(\.list).filter { seen.insert($0).inserted }
    }

    /// Every list `indicator` is on, with whether it is an entry or inside one, in list order.
    public func hits(_ indicator: Indicator) -> [WarninglistHit] {
        var found: [Int: Bool] = [:]
        func note(_ lists: [Int], exact: Bool) {
            for i in lists where types[i].contains(indicator.type) { found[i] = (found[i] ?? false) || exact }
        }
        switch indicator.type {
        case .cidr:
            if let block = CIDRBlock(indicator.value) { note(prefixes.payloads(covering: block), exact: false) }
        default:
            if let address = IndicatorHost.address(of: indicator) {
                note(prefixes.payloads(containing: address), exact: false)
                note(singles.payloads(containing: address), exact: true)
            }
        }
        if let name = IndicatorHost.name(of: indicator) {
            // The name and every parent domain: a list of top sites names `baidu.com`, not `www.baidu.com`.
            var labels = name.split(separator: ".")
            var first = true
            while !labels.isEmpty {
                if let lists = hostnames[labels.joined(separator: ".")] { note(lists, exact: first) }
                labels.removeFirst()
                first = false
            }
            if let lists = strings[name] { note(lists, exact: true) }
        }
        let value = indicator.value.lowercased()
        if let lists = strings[value] { note(lists, exact: true) }
        for (entry, i) in substrings where value.contains(entry) { note([i], exact: false) }
        for (box, i) in regexes where box.matches(indicator.value) { note([i], exact: false) }
        return found.keys.sorted().map { WarninglistHit(list: lists[$0].name, exact: found[$0] ?? false) }
    }
}

/// A compiled regular expression that can be shared across threads (matching does not mutate it).
struct NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression

    /// Compiles a MISP pattern, which may be written `/…/flags`.
    init?(_ pattern: String) {
        var body = pattern
        var options: NSRegularExpression.Options = []
        if body.hasPrefix("/"), let end = body.lastIndex(of: "/"), end != body.startIndex {
            let flags = body[body.index(after: end)...]
            if flags.contains("i") { options.insert(.caseInsensitive) }
            body = String(body[body.index(after: body.startIndex)..<end])
        }
        guard let regex = try? NSRegularExpression(pattern: body, options: options) else { return nil }
        self.regex = regex
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
