import Foundation

/// A threat indicator (威胁指标) in canonical text form, so that equal things compare equal across feeds.
///
/// Build indicators through the throwing factories, which canonicalize; ``init(uncheckedType:value:)`` is for
/// values that were canonical when stored.
public struct Indicator: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What the indicator names.
    public let type: IndicatorType
    /// The canonical text.
    public let value: String

    /// Wraps an already canonical value, as read back from the store.
    public init(uncheckedType type: IndicatorType, value: String) {
        self.type = type
        self.value = value
    }

    public var description: String { value }

    /// An IP address. A CIDR with a full-length prefix is accepted as the single address.
    public static func ip(_ text: some StringProtocol) throws(IndicatorError) -> Indicator {
        let trimmed = Substring(text).trimmingEdges()
        if let address = IPAddress(trimmed) { return Indicator(uncheckedType: .ip, value: address.description) }
        if let block = CIDRBlock(trimmed), block.isSingleAddress {
            return Indicator(uncheckedType: .ip, value: block.network.description)
        }
        throw IndicatorError(expected: .ip, input: text)
    }

    /// A network prefix with host bits cleared; a full-length prefix becomes an ``IndicatorType/ip``.
    public static func cidr(_ text: some StringProtocol) throws(IndicatorError) -> Indicator {
        let trimmed = Substring(text).trimmingEdges()
        guard let block = CIDRBlock(trimmed) else { throw IndicatorError(expected: .cidr, input: text) }
        if block.isSingleAddress { return Indicator(uncheckedType: .ip, value: block.network.description) }
        return Indicator(uncheckedType: .cidr, value: block.description)
    }

    /// A domain name, canonicalized by ``DomainName``.
    public static func domain(_ text: some StringProtocol) throws(IndicatorError) -> Indicator {
        var trimmed = Substring(text).trimmingEdges()
        // Defanged names (evil[.]example); the check keeps the common case free of a Foundation string search.
        if trimmed.utf8.contains(UInt8(ascii: "[")) { trimmed = trimmed.replacingOccurrences(of: "[.]", with: ".") }
        guard let domain = DomainName(trimmed) else { throw IndicatorError(expected: .domain, input: text) }
        return Indicator(uncheckedType: .domain, value: domain.value)
    }

    /// A URL, canonicalized by ``CanonicalURL``.
    public static func url(_ text: some StringProtocol) throws(IndicatorError) -> Indicator {
        guard let url = CanonicalURL(text) else { throw IndicatorError(expected: .url, input: text) }
        return Indicator(uncheckedType: .url, value: url.value)
    }

    /// An e-mail address: the local part is kept as given, the domain canonicalized.
    public static func email(_ text: some StringProtocol) throws(IndicatorError) -> Indicator {
        var trimmed = Substring(text).trimmingEdges()
        if trimmed.lowercased().hasPrefix("mailto:") { trimmed = String(trimmed.dropFirst(7)) }
        guard let at = trimmed.lastIndex(of: "@") else { throw IndicatorError(expected: .email, input: text) }
        let local = trimmed[..<at]
        let domainPart = trimmed[trimmed.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64,
            !local.contains(where: { $0 == " " || $0 == "@" || $0 == "<" || $0 == ">" || $0 == "," }),
            let domain = DomainName(domainPart)
        else { throw IndicatorError(expected: .email, input: text) }
        return Indicator(uncheckedType: .email, value: "\(local)@\(domain.value)")
    }

    /// A phone number in E.164 (`+8613800138000`). Spaces, dashes, dots and parentheses are dropped; `00` becomes
    /// `+`; a bare 11-digit Chinese mobile number (`1[3-9]…`) gets `+86`; a bare `86` followed by one gets `+`.
    public static func phone(_ text: some StringProtocol) throws(IndicatorError) -> Indicator {
        var digits = ""
        var plus = false
        for (offset, ch) in Substring(text).trimmingEdges().enumerated() {
            if ch == "+" && offset == 0 {
                plus = true
            } else if ch.isASCII, ch.isNumber {
                digits.append(ch)
            } else if ch == " " || ch == "-" || ch == "." || ch == "(" || ch == ")" {
                continue
            } else {
                throw IndicatorError(expected: .phone, input: text)
            }
        }
        if !plus && digits.hasPrefix("00") {
            digits.removeFirst(2)
            plus = true
        }
        func isChineseMobile(_ d: Substring) -> Bool {
            d.count == 11 && d.first == "1" && ("3"..."9").contains(d.dropFirst().first ?? "0")
        }
        if !plus {
            if isChineseMobile(Substring(digits)) {
                digits = "86" + digits
            } else if digits.hasPrefix("86"), isChineseMobile(digits.dropFirst(2)) {
                // already carries the country code
            } else {
                throw IndicatorError(expected: .phone, input: text)
            }
        }
        guard (8...15).contains(digits.count), digits.first != "0" else {
            throw IndicatorError(expected: .phone, input: text)
        }
        return Indicator(uncheckedType: .phone, value: "+" + digits)
    }

    /// A file hash: 32, 40, 56, 64, 96 or 128 hex digits (MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512), written
    /// in lower case. An `md5:`-style prefix is dropped.
    public static func hash(_ text: some StringProtocol) throws(IndicatorError) -> Indicator {
        var trimmed = Substring(text).trimmingEdges().lowercased()
        if let colon = trimmed.utf8.firstIndex(of: UInt8(ascii: ":")),
            ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha-1", "sha-224", "sha-256", "sha-384", "sha-512"].contains(trimmed[..<colon])
        {
            trimmed = String(trimmed[trimmed.utf8.index(after: colon)...])
        }
        guard [32, 40, 56, 64, 96, 128].contains(trimmed.utf8.count),
            trimmed.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { throw IndicatorError(expected: .hash, input: text) }
        return Indicator(uncheckedType: .hash, value: trimmed)
    }

    /// A service on an IP address: `ip:port/proto`, with IPv6 in brackets.
    public static func service(ip text: some StringProtocol, port: Int, transport: Transport) throws(IndicatorError)
        -> Indicator
    {
        guard (0...65535).contains(port), let address = IPAddress(Substring(text).trimmingEdges()) else {
            throw IndicatorError(expected: .service, input: "\(text):\(port)/\(transport.rawValue)")
        }
        return service(address: address, port: port, transport: transport)
    }

    /// A service on a parsed address; cannot fail.
    public static func service(address: IPAddress, port: Int, transport: Transport) -> Indicator {
        switch address {
        case .v4(let a):
            Indicator(uncheckedType: .service, value: "\(a):\(port)/\(transport.rawValue)")
        case .v6(let a):
            Indicator(uncheckedType: .service, value: "[\(a)]:\(port)/\(transport.rawValue)")
        }
    }

    /// Parses a value of the given type.
    public static func parse(_ text: some StringProtocol, as type: IndicatorType) throws(IndicatorError) -> Indicator {
        switch type {
        case .ip: try ip(text)
        case .cidr: try cidr(text)
        case .domain: try domain(text)
        case .url: try url(text)
        case .email: try email(text)
        case .phone: try phone(text)
        case .hash: try hash(text)
        case .service: try parseService(text)
        }
    }

    /// Detects the type of a bare value: IP, CIDR, URL (with a scheme), e-mail, hash, domain, then phone.
    public static func detect(_ text: some StringProtocol) throws(IndicatorError) -> Indicator {
        let trimmed = Substring(text).trimmingEdges()
        if let address = IPAddress(trimmed) { return Indicator(uncheckedType: .ip, value: address.description) }
        if trimmed.contains("/"), !trimmed.contains("://"), let value = try? cidr(trimmed) { return value }
        if trimmed.contains("://"), let value = try? url(trimmed) { return value }
        if trimmed.contains("@"), let value = try? email(trimmed) { return value }
        if let value = try? hash(trimmed) { return value }
        if let value = try? domain(trimmed) { return value }
        if let value = try? phone(trimmed) { return value }
        throw IndicatorError(expected: nil, input: text)
    }

    private static func parseService(_ text: some StringProtocol) throws(IndicatorError) -> Indicator {
        let s = Substring(text).trimmingEdges()
        guard let slash = s.lastIndex(of: "/"), let transport = Transport(text: s[s.index(after: slash)...]),
            let colon = s[..<slash].lastIndex(of: ":"), let port = Int(s[s.index(after: colon)..<slash])
        else { throw IndicatorError(expected: .service, input: text) }
        var host = s[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return try service(ip: host, port: port, transport: transport)
    }
}

extension Substring {
    /// Drops leading and trailing ASCII whitespace.
    public func trimmingEdges() -> String {
        String(self).trimmingSpaces()
    }
}
