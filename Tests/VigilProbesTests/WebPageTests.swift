import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilProbes

/// The page analysis on its own: hidden links, CSS hiding, script-written links, and defacement against a baseline,
/// on the test site's pages (Tests/Support/web) and, where present, the lab's pages (../shared/lab/web/site).
@Suite struct WebPageTests {
    static func page(_ name: String) throws -> String {
        try String(contentsOfFile: ChildProcess.packageRoot.appendingPathComponent("Tests/Support/web/\(name)").path, encoding: .utf8)
    }

    static let site = URL(string: "http://www.county.gov.example/")!

    @Test func allSevenPlantedLinksAndNoneOnTheCleanPage() throws {
        let scanner = HiddenLinkScanner()
        let hidden = scanner.scan(try Self.page("hidden.html"), pageURL: Self.site)
        let hosts = Set(hidden.hidden.map(\.host))
        #expect(hosts == ["bet-cn.example", "casino-a.example", "lottery.example", "xx-video.example", "sports-bet.example", "pk10.example", "qp-games.example"],
                "\(hidden.hidden.map { "\($0.host): \($0.reasons)" })")
        #expect(hidden.hidden.count == 7 && hidden.hidden.allSatisfy { $0.severity == "high" && !$0.keywords.isEmpty })
        let why = Dictionary(hidden.hidden.map { ($0.host, $0.reasons.joined(separator: "; ")) }, uniquingKeysWith: { $0 + $1 })
        #expect(why["bet-cn.example"] == "display:none")
        #expect(why["casino-a.example"]?.hasPrefix("offscreen") == true && why["casino-a.example"]?.contains("via .yq") == true)
        #expect(why["lottery.example"] == "visibility:hidden via div#gg")
        #expect(why["xx-video.example"] == "font-size:0")
        #expect(why["sports-bet.example"]?.contains("overflow hidden") == true)
        #expect(why["pk10.example"] == "marquee of at most 1 px; marquee scrolling too fast to read")
        #expect(why["qp-games.example"] == "written by script; opacity:0", "the script's \\x3c escapes are decoded")
        #expect(hidden.hidden.first { $0.host == "bet-cn.example" }?.snippet == "<div style=\"display: none\">")
        // The visible links, and the hidden menu of the site's own pages, are not findings.
        #expect(hidden.links.contains("https://www.gov.example/") && hidden.links.contains("http://www.county.gov.example/zwgk/"))
        let clean = scanner.scan(try Self.page("index.html"), pageURL: Self.site)
        #expect(clean.hidden.isEmpty && clean.links.count == 8)
    }

    @Test func theLabPagesToo() throws {
        let lab = ChildProcess.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/lab/web/site")
        guard let hidden = try? String(contentsOf: lab.appendingPathComponent("hidden.html"), encoding: .utf8),
              let index = try? String(contentsOf: lab.appendingPathComponent("index.html"), encoding: .utf8) else {
            print("skipped: the lab's pages are not at \(lab.path) (../shared/lab)")
            return
        }
        let url = URL(string: "http://10.203.0.2:8080/hidden.html")!
        let found = HiddenLinkScanner().scan(hidden, pageURL: url).hidden
        #expect(found.count == 7, "PROBES.md: 7/7 in the lab's hidden.html: \(found.map(\.host))")
        #expect(HiddenLinkScanner().scan(index, pageURL: url).hidden.isEmpty)
    }

    @Test func cssHidingDeclarations() {
        #expect(HidingStyle.reasons("DISPLAY : None !important") == ["display:none"])
        #expect(HidingStyle.reasons("text-indent:-9999px") == ["offscreen (text-indent:-9999px)"])
        #expect(HidingStyle.reasons("margin-left:-50em") == ["offscreen (margin-left:-50em)"])
        #expect(HidingStyle.reasons("left:-20px; position:relative").isEmpty, "a small nudge is layout, not hiding")
        #expect(HidingStyle.reasons("height:0").isEmpty, "a zero height without hidden overflow still shows its content")
        #expect(HidingStyle.reasons("height:0;overflow:hidden") == ["height<=1px with overflow hidden"])
        #expect(HidingStyle.reasons("opacity:0.0") == ["opacity:0"])
        #expect(HidingStyle.reasons("position:absolute;clip:rect(0px, 0px, 0px, 0px)") == ["clip:rect(0)"])
        #expect(HidingStyle.reasons("color:#fff;font-size:12px").isEmpty)
        var rules = HidingRules()
        rules.add(styleSheet: "/* x */ @media screen { .a, p.b { display:none } } #c{visibility:hidden} a:hover{display:none} .d{color:red}")
        #expect(rules.reasons(tag: "div", attributes: ["class": "x a"]) == ["display:none via .a"])
        #expect(rules.reasons(tag: "p", attributes: ["class": "b"]) == ["display:none via p.b"])
        #expect(rules.reasons(tag: "div", attributes: ["class": "b"]).isEmpty)
        #expect(rules.reasons(tag: "span", attributes: ["id": "c"]) == ["visibility:hidden via #c"])
        #expect(rules.reasons(tag: "a", attributes: ["class": "d"]).isEmpty, "pseudo-classes and non-hiding rules are not read")
    }

    @Test func tokenizerEdgeCases() {
        let tokens = HTMLTokenizer.tokens("<!-- <a href=x> --><A HREF='http://a.example/?x=1&amp;y=2' data-x=\"a>b\">T&#x41;&lt;</a><br/><script>if (a<b) x='</scr'+'ipt>';</script><p unquoted=v>x")
        #expect(tokens.first == .start("a", ["href": "http://a.example/?x=1&y=2", "data-x": "a>b"], selfClosing: false))
        #expect(tokens.contains(.text("TA<")) && tokens.contains(.start("br", [:], selfClosing: true)))
        #expect(tokens.contains(.text("if (a<b) x='</scr'+'ipt>';")), "script text is raw up to its end tag")
        #expect(tokens.contains(.start("p", ["unquoted": "v"], selfClosing: false)) && tokens.last == .text("x"))
        #expect(HTMLTokenizer.tokens("a < b <3 <").allSatisfy { if case .text = $0 { true } else { false } })
    }

    @Test func defacementAgainstTheBaseline() throws {
        let baseline = PageBaseline(html: try Self.page("index.html"), pageURL: Self.site)
        #expect(baseline.title == "某某县人民政府门户网站" && baseline.text.contains("<date> <time>") && baseline.linkHosts == ["www.county.gov.example", "www.gov.example", "www.prov.gov.example"])
        let updated = DefacementCheck(baseline: baseline, current: PageBaseline(html: try Self.page("updated.html"), pageURL: Self.site))
        #expect(updated.verdict == .unchanged, "only the page's clock changed")
        let defaced = DefacementCheck(baseline: baseline, current: PageBaseline(html: try Self.page("defaced.html"), pageURL: Self.site))
        #expect(defaced.verdict == .defaced && defaced.titleChanged && defaced.textSimilarity < 0.3 && defaced.keywords.contains("hacked by"))
        let injected = DefacementCheck(baseline: baseline, current: PageBaseline(html: try Self.page("hidden.html"), pageURL: Self.site))
        #expect(injected.verdict == .changed, "\(injected)")
        // Six hosts are in the markup; the seventh is written by a script, which the baseline does not run.
        #expect(injected.newLinkHosts.count == 6 && injected.textSimilarity > 0.5, "\(injected)")
        #expect(PageBaseline.similarity(Array("abcdef"), Array("abcdef")) == 1 && PageBaseline.similarity(Array("abc"), Array("xyz")) == 0)
    }
}
