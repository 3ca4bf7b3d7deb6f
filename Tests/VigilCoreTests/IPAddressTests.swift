import Testing
@testable import VigilCore

@Suite struct IPAddressTests {
    @Test func parsesAndFormatsIPv4() throws {
        #expect(IPv4Address("192.0.2.1")?.description == "192.0.2.1")
        #expect(IPv4Address("255.255.255.255")?.value == UInt32.max)
        for bad in ["256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "", "1..2.3", " 1.2.3.4"] {
            #expect(IPv4Address(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test(arguments: [
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:DB8::", "2001:db8::"),
        ("::", "::"),
        ("::1", "::1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("fe80:0:0:0:0:0:0:0", "fe80::"),
        ("::ffff:192.0.2.128", "::ffff:192.0.2.128"),
    ])
    func formatsIPv6ByRFC5952(input: String, expected: String) throws {
        #expect(IPv6Address(input)?.description == expected)
    }

    @Test func rejectsMalformedIPv6() {
        for bad in [":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "fe80::1%eth0", "g::1", "1:2:3:4:5:6:7"] {
            #expect(IPv6Address(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test func mapsIPv4MappedToIPv4() {
        #expect(IPAddress("::ffff:1.2.3.4") == .v4(IPv4Address(0x0102_0304)))
    }

    @Test func canonicalizesCIDR() {
        #expect(CIDRBlock("10.1.2.3/8")?.description == "10.0.0.0/8")
        #expect(CIDRBlock("2001:db8::1/32")?.description == "2001:db8::/32")
        #expect(CIDRBlock("0.0.0.0/0")?.description == "0.0.0.0/0")
        #expect(CIDRBlock("1.2.3.4/33") == nil)
        #expect(CIDRBlock("1.2.3.4/") == nil)
        #expect(CIDRBlock("2001:db8::/129") == nil)
    }
}
