import Foundation
import VigilCore

/// The web page probes: reachability, hidden links with cloaking, and defacement against a baseline.
public enum WebProbe {
    /// A page fetched twice, as a visitor's browser and as a search spider, and its hidden links in each.
    public struct HiddenLinkReport: Sendable {
        /// What a visitor gets, and its hidden links.
        public var browser: HTTPFetch.Response
        public var browserLinks: [HiddenLink]
        /// What a spider gets, and its hidden links.
        public var spider: HTTPFetch.Response
        public var spiderLinks: [HiddenLink]

        /// Hidden links shown to spiders only, by URL.
        public var cloakedLinks: [HiddenLink] {
            let seen = Set(browserLinks.map(\.url))
            return spiderLinks.filter { !seen.contains($0.url) }
        }

        /// Every hidden link, each once.
        public var all: [HiddenLink] {
            var seen = Set<String>()
            return (browserLinks + spiderLinks).filter { seen.insert($0.url).inserted }
        }

        /// The verdict.
        public var verdict: HiddenLinkVerdict {
            if !cloakedLinks.isEmpty { return .cloaking }
            return all.isEmpty ? .clean : .hiddenLinks
        }
    }

    /// Fetches `url` as a browser and as a spider and scans both for hidden links.
    public static func hiddenLinks(
        _ url: URL, connectTo: IPAddress? = nil, scanner: HiddenLinkScanner = HiddenLinkScanner(), scope: ProbeScope, timeout: Duration = .seconds(10)
    ) async throws -> HiddenLinkReport {
        let browser = try await HTTPFetch(timeout: timeout).get(url, connectTo: connectTo, scope: scope)
        let spider = try await HTTPFetch(userAgent: HTTPFetch.spiderUserAgent, referer: HTTPFetch.spiderReferer, timeout: timeout).get(url, connectTo: connectTo, scope: scope)
        return HiddenLinkReport(browser: browser, browserLinks: scanner.scan(browser.text, pageURL: browser.url).hidden,
                                spider: spider, spiderLinks: scanner.scan(spider.text, pageURL: spider.url).hidden)
    }

    /// Fetches `url` and compares it with `baseline`.
    public static func defacement(
        _ url: URL, baseline: PageBaseline, connectTo: IPAddress? = nil, keywords: KeywordList = .defacement, scope: ProbeScope, timeout: Duration = .seconds(10)
    ) async throws -> (DefacementCheck, HTTPFetch.Response) {
        let response = try await HTTPFetch(timeout: timeout).get(url, connectTo: connectTo, scope: scope)
        return (DefacementCheck(baseline: baseline, current: PageBaseline(html: response.text, pageURL: response.url), keywords: keywords), response)
    }

    /// Fetches `url` and takes its features as a baseline.
    public static func baseline(_ url: URL, connectTo: IPAddress? = nil, scope: ProbeScope, timeout: Duration = .seconds(10)) async throws -> (PageBaseline, HTTPFetch.Response) {
        let response = try await HTTPFetch(timeout: timeout).get(url, connectTo: connectTo, scope: scope)
        return (PageBaseline(html: response.text, pageURL: response.url), response)
    }
}

/// What the hidden-link probe found.
public enum HiddenLinkVerdict: String, Sendable, Hashable, Codable {
    /// No hidden link to another site.
    case clean
    /// Hidden links, shown to visitors and spiders alike.
    case hiddenLinks
    /// Hidden links shown to search spiders only: cloaking, the mark of SEO spam injection.
    case cloaking
}
