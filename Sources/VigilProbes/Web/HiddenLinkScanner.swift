import Foundation

/// Finds injected hidden links (暗链) in a page's HTML without running it: every `<a href>` to another site that is
/// hidden by its own or an ancestor's inline style, by a rule of the page's style sheets, by the `hidden` attribute,
/// or by a tiny or racing `<marquee>`, and every link to another site that a script writes into the page
/// (`document.write`, `innerHTML`). Keywords in a link's text or URL raise its severity.
public struct HiddenLinkScanner: Sendable {
    /// The keywords that make a hidden link `high`.
    public var keywords: KeywordList

    /// A scanner with these keywords.
    public init(keywords: KeywordList = .illicit) {
        self.keywords = keywords
    }

    /// What a page links to.
    public struct Result: Sendable, Hashable {
        /// Every link's resolved URL, in page order.
        public var links: [String] = []
        /// The hidden links to other sites.
        public var hidden: [HiddenLink] = []
    }

    private struct Open {
        var tag: String
        var reasons: [String]
        var snippet: String
    }

    private struct PendingLink {
        var href: String
        var reasons: [String]
        var snippet: String
        var text = ""
    }

    /// Scans `html`, the page at `pageURL`.
    public func scan(_ html: String, pageURL: URL) -> Result {
        let tokens = HTMLTokenizer.tokens(html)
        var rules = HidingRules()
        for (i, token) in tokens.enumerated() {
            if case .start("style", _, _) = token, i + 1 < tokens.count, case .text(let css) = tokens[i + 1] { rules.add(styleSheet: css) }
        }
        var result = Result()
        scan(tokens, rules: rules, pageURL: pageURL, inherited: [], into: &result, depth: 0)
        return result
    }

    private func scan(_ tokens: [HTMLToken], rules: HidingRules, pageURL: URL, inherited: [Open], into result: inout Result, depth: Int) {
        var stack = inherited
        var link: PendingLink?
        var inScript = false
        func finish() {
            guard let l = link else { return }
            link = nil
            guard let url = URL(string: l.href.trimmingEdgesOfSpace(), relativeTo: pageURL)?.absoluteURL, let scheme = url.scheme?.lowercased(),
                  scheme == "http" || scheme == "https" else { return }
            result.links.append(url.absoluteString)
            guard let host = url.host?.lowercased(), !l.reasons.isEmpty, Self.isExternal(host, to: pageURL.host?.lowercased() ?? "") else { return }
            let text = l.text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            result.hidden.append(HiddenLink(href: l.href, url: url.absoluteString, host: host, text: text, reasons: l.reasons,
                                            keywords: keywords.matches(in: text + " " + url.absoluteString), snippet: l.snippet))
        }
        for token in tokens {
            switch token {
            case .start(let tag, let attributes, let selfClosing):
                var reasons = HidingStyle.reasons(attributes["style"] ?? "") + rules.reasons(tag: tag, attributes: attributes)
                if attributes["hidden"] != nil { reasons.append("hidden attribute") }
                if tag == "marquee" {
                    let tiny = ["width", "height"].contains { attributes[$0].flatMap { HidingStyle.pixels($0) }.map { $0 <= 1 } ?? false }
                    let racing = (attributes["scrollamount"].flatMap { Int($0.trimmingEdgesOfSpace()) } ?? 0) > 500
                    if tiny { reasons.append("marquee of at most 1 px") }
                    if racing { reasons.append("marquee scrolling too fast to read") }
                }
                let snippet = Self.startTag(tag, attributes)
                if tag == "a", let href = attributes["href"] {
                    finish()
                    let hiding = stack.filter { !$0.reasons.isEmpty } + (reasons.isEmpty ? [] : [Open(tag: tag, reasons: reasons, snippet: snippet)])
                    link = PendingLink(href: href, reasons: hiding.flatMap(\.reasons), snippet: hiding.first?.snippet ?? snippet)
                }
                inScript = tag == "script"
                if !selfClosing && !HTMLTokenizer.voidElements.contains(tag) && tag != "a" { stack.append(Open(tag: tag, reasons: reasons, snippet: snippet)) }
            case .end(let tag):
                if tag == "a" { finish() }
                if tag == "script" { inScript = false }
                if let index = stack.lastIndex(where: { $0.tag == tag }), index >= inherited.count { stack.removeSubrange(index...) }
            case .text(let text):
                if inScript {
                    if depth < 3, let written = Self.writtenHTML(text) {
                        let writer = Open(tag: "script", reasons: ["written by script"], snippet: "<script>" + String(text.prefix(120)))
                        scan(HTMLTokenizer.tokens(written), rules: rules, pageURL: pageURL, inherited: stack + [writer], into: &result, depth: depth + 1)
                    }
                } else if link != nil {
                    link?.text += text
                }
            }
        }
        finish()
    }

    /// The HTML a script writes into the page: the string literals of a script that calls `document.write`,
    /// `innerHTML`, `outerHTML` or `insertAdjacentHTML`, unescaped and joined, when they hold a link.
    static func writtenHTML(_ script: String) -> String? {
        guard ["document.write", "innerHTML", "outerHTML", "insertAdjacentHTML"].contains(where: script.contains) else { return nil }
        var literals: [String] = []
        var quote: Character?
        var current = ""
        var escaped = false
        var iterator = script.makeIterator()
        while let c = iterator.next() {
            guard let q = quote else {
                if c == "'" || c == "\"" || c == "`" { quote = c }
                continue
            }
            if escaped {
                escaped = false
                switch c {
                case "n": current.append("\n")
                case "t": current.append("\t")
                case "x":
                    let hex = String([iterator.next(), iterator.next()].compactMap { $0 })
                    if let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) { current.unicodeScalars.append(s) }
                case "u":
                    let hex = String([iterator.next(), iterator.next(), iterator.next(), iterator.next()].compactMap { $0 })
                    if let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) { current.unicodeScalars.append(s) }
                default: current.append(c)
                }
            } else if c == "\\" {
                escaped = true
            } else if c == q {
                literals.append(current)
                current = ""
                quote = nil
            } else {
                current.append(c)
            }
        }
        let html = literals.joined()
        return html.lowercased().contains("<a") ? html : nil
    }

    /// True when `host` is another site than `site`: not the same host, and neither a subdomain of the other.
    static func isExternal(_ host: String, to site: String) -> Bool {
        !(host == site || host.hasSuffix("." + site) || site.hasSuffix("." + host))
    }

    static func startTag(_ tag: String, _ attributes: [String: String]) -> String {
        let attrs = attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value.prefix(80))\"" }
        return "<" + ([tag] + attrs).joined(separator: " ") + ">"
    }
}
