import Testing
@testable import VigilCore

@Suite struct IndicatorTests {
    @Test func canonicalizesDomains() throws {
        #expect(try Indicator.domain("WWW.Example.COM.").value == "www.example.com")
        #expect(try Indicator.domain("bücher.de").value == "xn--bcher-kva.de")
        #expect(try Indicator.domain("例子。测试").value == "xn--fsqu00a.xn--0zwm56d")
        #expect(try Indicator.domain("evil[.]com").value == "evil.com")
        for bad in ["a..b.com", "-a.com", "localhost", "a.123", "exa mple.com", String(repeating: "a", count: 64) + ".com"] {
            #expect(throws: IndicatorError.self, "\(bad)") { try Indicator.domain(bad) }
        }
    }

    @Test func encodesPunycodeLikeRFC3492() {
        // RFC 3492 section 7.1, sample (A) Arabic and (B) Chinese (simplified).
        #expect(Punycode.encode("他们为什么不说中文") == "ihqwcrb4cv8a8dqg056pqjye")
        #expect(Punycode.encode("ليهمابتكلموشعربي؟") == "egbpdaj6bu4bxfgehfvwxn")
    }

    @Test(arguments: [
        ("HTTP://Example.COM:80/a%7eb/%2f?q=%41#frag", "http://example.com/a~b/%2F?q=A"),
        ("https://example.com:8443", "https://example.com:8443/"),
        ("https://example.com:443/x", "https://example.com/x"),
        ("hxxp://evil[.]com/x y", "http://evil.com/x%20y"),
        ("http://[2001:DB8::1]:80/", "http://[2001:db8::1]/"),
        ("http://bücher.de/päth", "http://xn--bcher-kva.de/p%C3%A4th"),
        ("http://user@Example.com?q=1", "http://user@example.com/?q=1"),
    ])
    func canonicalizesURLs(input: String, expected: String) throws {
        #expect(try Indicator.url(input).value == expected)
    }

    @Test func rejectsBadURLs() {
        for bad in ["example.com/path", "http://", "http://exa mple.com/", "http://example.com:99999/", "://x.com"] {
            #expect(throws: IndicatorError.self, "\(bad)") { try Indicator.url(bad) }
        }
    }

    @Test func canonicalizesEmailPhoneAndHash() throws {
        #expect(try Indicator.email("User.Name@Example.COM").value == "User.Name@example.com")
        #expect(try Indicator.email("mailto:a@b.cn").value == "a@b.cn")
        #expect(throws: IndicatorError.self) { try Indicator.email("no-at-sign.com") }
        #expect(try Indicator.phone("138 0013 8000").value == "+8613800138000")
        #expect(try Indicator.phone("0086 138-0013-8000").value == "+8613800138000")
        #expect(try Indicator.phone("8613800138000").value == "+8613800138000")
        #expect(try Indicator.phone("+1 (202) 555-0143").value == "+12025550143")
        #expect(throws: IndicatorError.self) { try Indicator.phone("12345") }
        #expect(throws: IndicatorError.self) { try Indicator.phone("010-12345678") }
        #expect(try Indicator.hash("D41D8CD98F00B204E9800998ECF8427E").value == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(try Indicator.hash("sha256:" + String(repeating: "AB", count: 32)).value == String(repeating: "ab", count: 32))
        #expect(throws: IndicatorError.self) { try Indicator.hash("abc123") }
    }

    @Test func buildsServices() throws {
        #expect(try Indicator.service(ip: "2001:DB8::53", port: 53, transport: .udp).value == "[2001:db8::53]:53/udp")
        #expect(try Indicator.parse("[::1]:11211/udp", as: .service).value == "[::1]:11211/udp")
        #expect(try Indicator.parse("1.2.3.4:23/TCP", as: .service).value == "1.2.3.4:23/tcp")
        #expect(throws: IndicatorError.self) { try Indicator.service(ip: "1.2.3.4", port: 70000, transport: .tcp) }
    }

    @Test func detectsTypes() throws {
        #expect(try Indicator.detect("1.2.3.4").type == .ip)
        #expect(try Indicator.detect("1.2.3.4/32").type == .ip)
        #expect(try Indicator.detect("1.2.3.0/24").type == .cidr)
        #expect(try Indicator.detect("http://a.example/x").type == .url)
        #expect(try Indicator.detect("a@example.org").type == .email)
        #expect(try Indicator.detect("d41d8cd98f00b204e9800998ecf8427e").type == .hash)
        #expect(try Indicator.detect("Example.org").type == .domain)
        #expect(try Indicator.detect("13800138000").type == .phone)
        #expect(throws: IndicatorError.self) { try Indicator.detect("???") }
    }
}
