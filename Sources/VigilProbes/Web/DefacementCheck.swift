/// A page compared with its baseline.
public struct DefacementCheck: Sendable, Hashable, Codable {
    /// What the comparison concluded.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// The text and the skeleton are those of the baseline.
        case unchanged
        /// It changed; a person should look (an update, or injected content such as hidden links).
        case changed
        /// Defacement keywords, or text and structure both largely replaced.
        case defaced
    }

    public var verdict: Verdict
    public var titleChanged: Bool
    /// Similarity of the visible text and of the tag sequence to the baseline's, from 0 to 1.
    public var textSimilarity: Double
    public var structureSimilarity: Double
    /// Hosts linked now that the baseline did not link.
    public var newLinkHosts: [String]
    /// Defacement keywords in the title or text (that the baseline did not have).
    public var keywords: [String]

    /// Compares `current` with `baseline`.
    public init(baseline: PageBaseline, current: PageBaseline, keywords list: KeywordList = .defacement) {
        titleChanged = baseline.title != current.title
        textSimilarity = PageBaseline.similarity(Array(baseline.text), Array(current.text))
        structureSimilarity = PageBaseline.similarity(baseline.skeleton.split(separator: " ").map(String.init), current.skeleton.split(separator: " ").map(String.init))
        newLinkHosts = current.linkHosts.filter { !baseline.linkHosts.contains($0) }
        let before = Set(list.matches(in: baseline.title + " " + baseline.text))
        keywords = list.matches(in: current.title + " " + current.text).filter { !before.contains($0) }
        if baseline.textHash == current.textHash && baseline.skeletonHash == current.skeletonHash && baseline.title == current.title {
            verdict = .unchanged
        } else if !keywords.isEmpty || (textSimilarity < 0.5 && structureSimilarity < 0.5) || (titleChanged && textSimilarity < 0.5) {
            verdict = .defaced
        } else {
            verdict = .changed
        }
    }
}
