/// Words that mark a link or a page as gambling, pornography or another illegal trade (the hidden-link keywords), or
/// as a defacement. Matching is case-insensitive on the text and the URL. The defaults follow the lists in common use
/// by Chinese CERTs; deployments extend them from the regulator's list (`vigil probe http --keywords FILE`).
public struct KeywordList: Sendable, Hashable, Codable {
    /// The words, lowercased.
    public var words: [String]

    /// A list of these words.
    public init(_ words: [String]) {
        self.words = words.map { $0.lowercased() }.filter { !$0.isEmpty }
    }

    /// Gambling, pornography and other illegal trade, in Chinese and English.
    public static let illicit = KeywordList([
        "赌场", "博彩", "百家乐", "时时彩", "六合彩", "北京赛车", "pk10", "体育投注", "真人娱乐", "棋牌", "网上赌博", "赌博", "彩票开户", "开户送",
        "葡京", "威尼斯人", "太阳城", "成人视频", "成人", "色情", "黄色网站", "av女优", "裸聊", "代孕", "办证", "发票", "私服", "外挂",
        "casino", "baccarat", "gambling", "sportsbook", "sports-bet", "bet365", "lottery", "porn", "xxx", "escort",
    ])

    /// Defacement signatures.
    public static let defacement = KeywordList([
        "hacked by", "owned by", "defaced by", "h4ck", "pwned", "your security is low", "黑客", "被黑", "入侵", "已被黑", "hacked",
    ])

    /// The words found in `text`.
    public func matches(in text: String) -> [String] {
        let lower = text.lowercased()
        return words.filter { lower.contains($0) }
    }

    /// Reads one word per line; `#` starts a comment.
    public init(file text: String) {
        self.init(text.split(whereSeparator: \.isNewline).map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
            .map { $0.trimmingEdgesOfSpace() })
    }
}
