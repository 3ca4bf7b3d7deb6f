import Foundation
import VigilCore

/// The Public Suffix List: which suffixes are public (`com`, `com.cn`, `*.kawasaki.jp`), and so which part of a host
/// name is the registrable domain. Rules are held in Punycode, matching ``DomainName``.
public struct PublicSuffixList: Sendable {
    private let rules: Set<String>
    private let wildcards: Set<String>
    private let exceptions: Set<String>
    /// Number of rules read.
    public let ruleCount: Int

    /// Parses the list's text format (ICANN and private sections alike).
    public init(text: String) {
        var rules = Set<String>()
        var wildcards = Set<String>()
        var exceptions = Set<String>()
        var count = 0
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            if line.isEmpty || line.hasPrefix("//") { continue }
            count += 1
            if line.hasPrefix("!") {
                if let r = PublicSuffixList.asciiRule(String(line.dropFirst())) { exceptions.insert(r) }
            } else if line.hasPrefix("*.") {
                if let r = PublicSuffixList.asciiRule(String(line.dropFirst(2))) { wildcards.insert(r) }
            } else if let r = PublicSuffixList.asciiRule(line) {
                rules.insert(r)
            }
        }
        self.rules = rules
        self.wildcards = wildcards
        self.exceptions = exceptions
        ruleCount = count
    }

    /// Loads a list from a file.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    static func asciiRule(_ rule: String) -> String? {
        let labels = rule.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        var out: [String] = []
        for label in labels {
            guard !label.isEmpty else { return nil }
            if label.unicodeScalars.allSatisfy(\.isASCII) {
                out.append(String(label))
            } else {
                guard let encoded = Punycode.encode(String(label).precomposedStringWithCanonicalMapping) else { return nil }
                out.append("xn--" + encoded)
            }
        }
        return out.joined(separator: ".")
    }

    /// The public suffix of a canonical (lower-case, Punycode) host name.
    public func publicSuffix(of host: String) -> String {
        let labels = host.split(separator: ".").map(String.init)
        guard !labels.isEmpty else { return host }
        for i in 0..<labels.count {
            let candidate = labels[i...].joined(separator: ".")
            if exceptions.contains(candidate) { return labels[(i + 1)...].joined(separator: ".") }
        }
        for i in 0..<labels.count {
            let candidate = labels[i...].joined(separator: ".")
            if rules.contains(candidate) { return candidate }
            if i + 1 < labels.count, wildcards.contains(labels[(i + 1)...].joined(separator: ".")) { return candidate }
        }
        return labels[labels.count - 1]
    }

    /// The registrable domain (public suffix plus one label), or nil when the host is itself a public suffix.
    /// Accepts any spelling ``DomainName`` accepts; a leading dot or an empty label gives nil.
    public func registrableDomain(of name: String) -> String? {
        guard !name.hasPrefix("."), let host = PublicSuffixList.asciiRule(name.hasSuffix(".") ? String(name.dropLast()) : name) else { return nil }
        let suffix = publicSuffix(of: host)
        guard host.count > suffix.count else { return nil }
        let rest = host.dropLast(suffix.count + 1)
        let label = rest.split(separator: ".").last.map(String.init) ?? String(rest)
        return label + "." + suffix
    }

    /// The list shipped with Vigil (see NOTICE); empty, with ``shippedLoadError`` set, when it cannot be found.
    public static let shipped: PublicSuffixList = {
        if let path = BundledResource.path("public_suffix_list.dat"), let list = try? PublicSuffixList(path: path), list.ruleCount > 0 { return list }
        return PublicSuffixList(text: "")
    }()

    /// Why the shipped list could not be loaded, or nil.
    public static let shippedLoadError: String? = shipped.ruleCount > 0
        ? nil
        : "the shipped Public Suffix List (public_suffix_list.dat) is missing next to the executable; set VIGIL_RESOURCES or [psl] file in vigil.toml"
}
