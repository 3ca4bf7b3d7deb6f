import Testing
import VigilPublish
@testable import VigilServer

/// The dashboard's small pieces that guard against misuse: where a login may lead, escaping, form decoding.
@Suite struct DashboardHelpersTests {
    @Test func afterLoginOnlyPathsOnThisSiteAreFollowed() {
        for good in ["/", "/tickets", "/tickets?state=issued", "/threats/0123456789abcdef"] { #expect(DashboardRoutes.safeNext(good) == good) }
        for bad in ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/ /evil.example", "https://evil.example", "evil", "/a\\b", nil] {
            #expect(DashboardRoutes.safeNext(bad) == nil, "\(String(describing: bad))")
        }
    }

    @Test func feedTextIsEscapedAndFormsDecode() {
        #expect(HTML.escape("<script>alert('x')</script> & \"q\"") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        #expect(HTML.query([("q", "a b&c=<d>"), ("skip", nil), ("empty", "")]) == "?q=a%20b%26c%3D%3Cd%3E")
        #expect(FormBody.decode("name=li+wei&reason=%E5%90%8C%E6%84%8F%21&empty=") == ["name": "li wei", "reason": "同意!", "empty": ""])
        #expect(DashboardRoutes.same("abc", "abc") && !DashboardRoutes.same("abc", "abd") && !DashboardRoutes.same("abc", "abcd"))
    }

    @Test func countsAreWrittenTheChineseWay() {
        #expect(Language.zh.count(33_970_000) == "3397万" && Language.zh.count(48_000) == "4.8万" && Language.zh.count(9_999) == "9999")
        #expect(Language.zh.count(120_000_000) == "1.2亿" && Language.en.count(33_970_000) == "33,970,000")
    }
}
