import Foundation
import Testing
@testable import VigilCore

@Suite struct UTCTimeTests {
    @Test func parsesCommonForms() {
        #expect(UTCTime.parse("1970-01-01") == 0)
        #expect(UTCTime.parse("2010-02-10 00:00:00") == 1_265_760_000)
        #expect(UTCTime.parse("2010-02-10T00:00:00Z") == 1_265_760_000)
        #expect(UTCTime.parse("2010-02-10T08:00:00+08:00") == 1_265_760_000)
        #expect(UTCTime.parse("2010-02-10T08:00:00+0800") == 1_265_760_000)
        #expect(UTCTime.parse("2010-02-09T19:00:00.123-05:00") == 1_265_760_000)
        #expect(UTCTime.parse("2010-02-10 00:00:00 UTC") == 1_265_760_000)
        #expect(UTCTime.parse("1265760000") == 1_265_760_000)
        #expect(UTCTime.parse("1265760000000") == 1_265_760_000)
        for bad in ["", "2010-13-01", "2010-02-30", "2010-02-10X00:00", "yesterday", "2010-02-10 25:00:00", "2010-02-10T00:00:00+08:00junk"] {
            #expect(UTCTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func parsesChineseReportForms() {
        let expected: Int64 = 1_714_645_800  // 2024-05-02T10:30:00Z
        for text in ["2024/5/2 10:30", "2024/05/02 10:30:00", "2024年5月2日 10:30", "2024年05月02日10时30分", "2024年5月2日 10点30分00秒",
                     " 2024/5/2 10:30:00 "] {
            #expect(UTCTime.parse(text) == expected, "\(text)")
        }
        #expect(UTCTime.parse("2024/5/2") == 1_714_608_000)
        #expect(UTCTime.parse("2024年5月2日") == 1_714_608_000)
        for bad in ["2024/13/2", "2024/2/30", "24/5/2", "2024年5月", "2024/5/2 25:00", "2024/5/2 10:30 下午", "2024/5/2/3/4/5/6"] {
            #expect(UTCTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func agreesWithFoundationOnRandomTimes() {
        let formatter = ISO8601DateFormatter()
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let t = Int64.random(in: -2_000_000_000...4_000_000_000, using: &rng)
            let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
            #expect(UTCTime.parse(text) == t, "\(text)")
            #expect(UTCTime.format(t) == text)
        }
    }
}
