/// A link to another site that a visitor cannot see: an injected hidden link (暗链).
public struct HiddenLink: Sendable, Hashable, Codable {
    /// The link as written, and resolved against the page.
    public var href: String
    public var url: String
    /// Its host.
    public var host: String
    /// Its text.
    public var text: String
    /// Why it is hidden: the style, rule or element of the link or of an ancestor, or `written by script`.
    public var reasons: [String]
    /// Keywords in its text or URL.
    public var keywords: [String]
    /// The start tag of the hiding element, or the link's own, shortened: evidence.
    public var snippet: String

    /// `high` when a keyword matched, else `medium`.
    public var severity: String { keywords.isEmpty ? "medium" : "high" }
}
