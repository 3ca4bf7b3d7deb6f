import Crypto
import Foundation

/// What a page looks like, for defacement checks (网页篡改): its title, its visible text (scripts and styles dropped,
/// dates and times masked so that a clock on the page is not a change) and that text's hash, its tag sequence (the
/// skeleton) and that sequence's hash, and the hosts it links to. Stored at enrolment as the baseline, owner-confirmed,
/// and compared with each fetch.
public struct PageBaseline: Sendable, Hashable, Codable {
    public var title: String
    /// The visible text, whitespace collapsed, dates masked.
    public var text: String
    public var textHash: String
    /// The start tags in order, space-separated.
    public var skeleton: String
    public var skeletonHash: String
    /// Hosts of the page's links, sorted.
    public var linkHosts: [String]

    /// The features of `html`, the page at `pageURL`.
    public init(html: String, pageURL: URL) {
        var title = "", text: [String] = [], tags: [String] = [], hosts = Set<String>()
        var skip = 0, inTitle = false
        for token in HTMLTokenizer.tokens(html) {
            switch token {
            case .start(let tag, let attributes, let selfClosing):
                tags.append(tag)
                if tag == "title" { inTitle = true }
                if (tag == "script" || tag == "style") && !selfClosing { skip += 1 }
                if tag == "a", let href = attributes["href"], let host = URL(string: href, relativeTo: pageURL)?.absoluteURL.host?.lowercased() { hosts.insert(host) }
            case .end(let tag):
                if tag == "title" { inTitle = false }
                if tag == "script" || tag == "style" { skip = max(0, skip - 1) }
            case .text(let t):
                if inTitle {
                    title += t
                } else if skip == 0 {
                    let words = t.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                    if !words.isEmpty { text.append(words) }
                }
            }
        }
        self.title = title.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        self.text = Self.maskDates(text.joined(separator: " "))
        self.textHash = Self.sha256(self.text)
        self.skeleton = tags.joined(separator: " ")
        self.skeletonHash = Self.sha256(skeleton)
        self.linkHosts = hosts.sorted()
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hexString
    }

    /// Replaces dates (`2026-11-27`, `2026/11/27`, `2026年11月27日`) and times (`12:30`, `12:30:45`) with markers.
    static func maskDates(_ text: String) -> String {
        var out = text
        for (pattern, marker) in [(#"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"#, "<date>"), (#"\d{1,2}:\d{2}(:\d{2})?"#, "<time>")] {
            out = out.replacingOccurrences(of: pattern, with: marker, options: .regularExpression)
        }
        return out
    }

    /// Dice similarity of two sequences' bigrams (1 when equal, 0 when they share none): linear in their length, so a
    /// large page compares as fast as a small one.
    static func similarity<T: Hashable>(_ a: [T], _ b: [T]) -> Double {
        if a == b { return 1 }
        guard a.count >= 2, b.count >= 2 else { return a.isEmpty && b.isEmpty ? 1 : 0 }
        var counts: [BigramKey<T>: Int] = [:]
        for i in 0..<(a.count - 1) { counts[BigramKey(x: a[i], y: a[i + 1]), default: 0] += 1 }
        var shared = 0
        for i in 0..<(b.count - 1) {
            let p = BigramKey(x: b[i], y: b[i + 1])
            if let n = counts[p], n > 0 {
                shared += 1
                counts[p] = n - 1
            }
        }
        return 2 * Double(shared) / Double(a.count - 1 + b.count - 1)
    }
}

/// Two neighbours in a sequence.
struct BigramKey<T: Hashable>: Hashable {
    var x: T
    var y: T
}
