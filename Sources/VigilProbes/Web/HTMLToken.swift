/// One piece of an HTML document as ``HTMLTokenizer`` reads it.
public enum HTMLToken: Sendable, Hashable {
    /// A start tag: the lowercased name, the attributes (lowercased names, decoded values; the first of a repeated
    /// name wins), and whether it closed itself (`<br/>`).
    case start(String, [String: String], selfClosing: Bool)
    /// An end tag, lowercased.
    case end(String)
    /// Text between tags, entities decoded; the raw text of `<script>` and `<style>` is passed as is.
    case text(String)
}
