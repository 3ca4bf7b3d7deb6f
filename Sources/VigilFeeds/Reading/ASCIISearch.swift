/// Case-insensitive search for ASCII words in text, on UTF-8 bytes: the hot-path replacement for
/// `lowercased().contains(…)`, which builds a string and compares characters.
enum ASCIISearch {
    /// True when `text` contains `needle` (ASCII, lower case), ignoring ASCII case.
    static func contains(_ text: String, _ needle: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { haystack in
            needle.withUTF8Buffer { word in
                guard word.count > 0, haystack.count >= word.count else { return false }
                let first = word[0]
                var i = 0
                let last = haystack.count - word.count
                while i <= last {
                    if haystack[i] | 0x20 == first || haystack[i] == first {
                        var k = 1
                        while k < word.count, Self.lower(haystack[i + k]) == word[k] { k += 1 }
                        if k == word.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
}

extension String {
    /// The text cut to at most `limit` characters, for notes; a short text is returned as it is without walking its
    /// characters.
    func clipped(_ limit: Int) -> String {
        utf8.count <= limit ? self : String(prefix(limit))
    }
}
