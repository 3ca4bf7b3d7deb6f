import VigilCore

/// The column headings of the spreadsheets Chinese reporting organizations send (IP地址, 端口, 域名, URL, 发现时间,
/// 威胁类型, 恶意程序名称, 上报单位 …): a CSV whose header uses them needs no `--column` mapping. docs/formats.md
/// lists every heading.
public enum ChineseCSVTemplate {
    /// Headings for each role, in order of preference. Matching ignores ASCII case and surrounding spaces.
    public static let indicatorHeadings = [
        "ip地址", "ip", "恶意ip", "源ip", "受控ip", "受控主机ip", "攻击ip", "目标ip", "服务器ip", "主机ip", "ip地址/域名",
        "域名", "恶意域名", "网站域名", "url", "恶意url", "网址", "恶意网址", "钓鱼网址", "链接", "网站地址", "网站",
        "邮箱", "电子邮件", "邮件地址", "手机号", "电话号码",
    ]
    public static let timeHeadings = ["发现时间", "监测时间", "捕获时间", "上报时间", "首次发现时间", "最后发现时间", "时间", "日期", "发现日期"]
    public static let portHeadings = ["端口", "端口号", "目的端口", "开放端口"]
    public static let transportHeadings = ["协议", "传输协议", "协议类型"]
    public static let kindHeadings = ["威胁类型", "事件类型", "威胁分类", "恶意类型", "隐患类型", "类型", "类别", "分类"]
    public static let noteHeadings = ["恶意程序名称", "恶意程序家族", "家族", "病毒名称", "木马名称", "漏洞名称", "描述", "备注", "详情"]
    public static let asnHeadings = ["asn", "as号", "自治域号"]
    /// Headings that are recognized and deliberately not read (the batch records who reported it).
    public static let knownOtherHeadings = ["上报单位", "报送单位", "来源", "数据来源", "省份", "地市", "运营商", "归属地", "序号", "编号"]

    /// Beijing time, UTC+8, in seconds: how the template reads times written without an offset.
    public static let beijingOffset = 8 * 3600

    /// A mapping for a header row, or nil when it has no indicator heading of the template.
    public static func mapping(header: [String]) -> CSVMapping? {
        let names = header.map { $0.trimmingEdges().lowercased() }
        func find(_ headings: [String]) -> CSVMapping.Column? {
            for heading in headings {
                if let i = names.firstIndex(of: heading) { return .name(header[i].trimmingEdges()) }
            }
            return nil
        }
        guard let indicator = find(indicatorHeadings) else { return nil }
        var mapping = CSVMapping(
            indicator: indicator, kindColumn: find(kindHeadings), time: find(timeHeadings), port: find(portHeadings),
            transport: find(transportHeadings), asn: find(asnHeadings), note: find(noteHeadings))
        // Chinese organizations write Beijing time; a time with an explicit offset or a Unix time is taken as given.
        mapping.localOffset = beijingOffset
        return mapping
    }

    /// The mapping for a file whose first bytes are `head` (UTF-8), when its first line is a header of the template.
    public static func mapping(head: [UInt8]) -> CSVMapping? {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let newline = bytes.firstIndex(of: 0x0A) else { return nil }
        var line = Array(bytes[bytes.startIndex..<newline])
        if line.last == 0x0D { line.removeLast() }
        var record = CSVRecord()
        let fields: [String] = line.withUnsafeBufferPointer { buffer in
            record.split(buffer)
            return (0..<record.count).map { record.string($0) }
        }
        return mapping(header: fields)
    }
}
