import VigilCore

/// Every operator spelling the reference data uses, mapped explicitly to a ``NetworkOperator``.
///
/// A spelling that is not listed maps to ``NetworkOperator/other`` but is reported by ``isKnown(_:)`` (and by
/// `vigil refdata info`), so nothing falls into "other" silently.
public enum OperatorCatalog {
    private static let table: [String: NetworkOperator] = {
        var t: [String: NetworkOperator] = [:]
        func add(_ op: NetworkOperator, _ names: [String]) { for n in names { t[n.lowercased()] = op } }
        add(.chinaTelecom, ["电信", "中国电信", "chinanet", "china telecom", "ctcc", "chinatelecom", "chinanet-backbone", "cn2"])
        add(.chinaUnicom, ["联通", "中国联通", "网通", "china unicom", "cucc", "unicom", "chinaunicom", "cncgroup"])
        add(.chinaMobile, ["移动", "中国移动", "铁通", "中国铁通", "china mobile", "cmcc", "cmnet", "chinamobile", "tietong", "crtc"])
        add(.cernet, ["教育网", "中国教育网", "cernet", "西安交通大学", "大连理工大学", "上海教委"])
        add(.chinaBroadnet, [
            "广电", "中国广电", "china broadnet", "broadnet", "陕西广电", "辽宁广电", "广东广电", "湖南广电", "湖北广电", "河南广电",
            "山东青岛广电", "江苏广电", "山东广电", "重庆广电", "贵州广电", "河北广电", "宁夏广电", "新疆广电", "广西广电", "黑龙江广电",
            "内蒙古广电", "福建广电", "海南广电", "山东乐享广电", "四川广电", "歌华", "华数", "华数传媒", "浙江华数", "吉视传媒",
            "湖南有线", "天威", "珠江宽频",
        ])
        add(.cstnet, ["科技网", "中国科技网", "cstnet"])
        add(.greatWall, ["长城宽带", "great wall broadband", "gwbn"])
        add(.drPeng, ["鹏博士", "dr.peng", "drpeng"])
        add(.alibabaCloud, ["阿里云", "阿里巴巴", "alibaba", "alibaba cloud", "aliyun"])
        add(.tencentCloud, ["腾讯", "腾讯云", "tencent", "tencent cloud"])
        add(.huaweiCloud, ["华为", "华为云", "huawei", "huawei cloud"])
        add(.baiduCloud, ["百度", "百度云", "baidu", "baidu cloud"])
        // Other operators named in the data: domestic ISPs and CDNs, operators of Hong Kong, Macao and Taiwan, and
        // operators abroad. Listed so that they are known, not silently "other".
        add(.other, [
            "方正宽带", "有线通", "皓宽网络", "科进", "网宿", "世纪互联", "互联优势", "上海驰联", "广州驰联", "湖南巨亚", "天驰网络", "网上网",
            "远传电信", "中华电信", "台湾固网", "电讯盈科", "香港宽频", "层峰网络", "亚太电信", "和记电讯", "澳门电讯", "smartone", "香港有线",
            "台湾之星", "香港新世界", "mtel", "台湾大哥大", "橘子电信", "谷歌", "阿卡迈", "微软", "澳大利亚电信", "威瑞森", "level3", "so-net",
            "亚马逊", "美国电话电报", "tata", "speedcast", "日本电信电话", "tpg电信", "gtt", "sprint", "hurricane-electric", "centurylink",
            "沃达丰", "雅虎", "telia-company", "equinix", "软银", "fastly", "苹果", "脸书", "softlayer", "kddi", "新加坡电信", "信实通信",
            "stackpath", "smart", "retn", "韩国电信", "菲律宾长途电话公司", "megaport", "masmovil", "finance-and-promoting-technology",
            "西班牙电信", "老挝电信企业", "印度电信", "telin", "telenor", "sify", "optus", "globe-telecom", "cat", "bbix", "ams-ix",
            "字节跳动", "bytedance", "火山引擎", "volcengine", "cloudflare", "digitalocean", "google cloud", "googlecloud", "microsoft",
            "google", "googlecn",
        ])
        return t
    }()

    /// The operator for a spelling. Empty and `0` mean unknown.
    public static func networkOperator(spelling: some StringProtocol) -> NetworkOperator {
        let s = String(spelling).trimmingEdges().lowercased()
        if s.isEmpty || s == "0" || s == "unknown" || s == "未知" { return .unknown }
        return table[s] ?? .other
    }

    /// True when the spelling is listed (or means unknown).
    public static func isKnown(_ spelling: some StringProtocol) -> Bool {
        let s = String(spelling).trimmingEdges().lowercased()
        return s.isEmpty || s == "0" || s == "unknown" || s == "未知" || table[s] != nil
    }
}
