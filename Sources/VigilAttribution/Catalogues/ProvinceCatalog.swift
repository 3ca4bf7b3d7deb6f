/// The 34 provincial-level divisions with GB/T 2260 codes, and every spelling the reference data uses for them.
public enum ProvinceCatalog {
    /// All 34 divisions, in code order.
    public static let all: [Province] = [
        Province(code: 110000, chineseName: "北京市", shortName: "北京", englishName: "Beijing"),
        Province(code: 120000, chineseName: "天津市", shortName: "天津", englishName: "Tianjin"),
        Province(code: 130000, chineseName: "河北省", shortName: "河北", englishName: "Hebei"),
        Province(code: 140000, chineseName: "山西省", shortName: "山西", englishName: "Shanxi"),
        Province(code: 150000, chineseName: "内蒙古自治区", shortName: "内蒙古", englishName: "Inner Mongolia"),
        Province(code: 210000, chineseName: "辽宁省", shortName: "辽宁", englishName: "Liaoning"),
        Province(code: 220000, chineseName: "吉林省", shortName: "吉林", englishName: "Jilin"),
        Province(code: 230000, chineseName: "黑龙江省", shortName: "黑龙江", englishName: "Heilongjiang"),
        Province(code: 310000, chineseName: "上海市", shortName: "上海", englishName: "Shanghai"),
        Province(code: 320000, chineseName: "江苏省", shortName: "江苏", englishName: "Jiangsu"),
        Province(code: 330000, chineseName: "浙江省", shortName: "浙江", englishName: "Zhejiang"),
        Province(code: 340000, chineseName: "安徽省", shortName: "安徽", englishName: "Anhui"),
        Province(code: 350000, chineseName: "福建省", shortName: "福建", englishName: "Fujian"),
        Province(code: 360000, chineseName: "江西省", shortName: "江西", englishName: "Jiangxi"),
        Province(code: 370000, chineseName: "山东省", shortName: "山东", englishName: "Shandong"),
        Province(code: 410000, chineseName: "河南省", shortName: "河南", englishName: "Henan"),
        Province(code: 420000, chineseName: "湖北省", shortName: "湖北", englishName: "Hubei"),
        Province(code: 430000, chineseName: "湖南省", shortName: "湖南", englishName: "Hunan"),
        Province(code: 440000, chineseName: "广东省", shortName: "广东", englishName: "Guangdong"),
        Province(code: 450000, chineseName: "广西壮族自治区", shortName: "广西", englishName: "Guangxi"),
        Province(code: 460000, chineseName: "海南省", shortName: "海南", englishName: "Hainan"),
        Province(code: 500000, chineseName: "重庆市", shortName: "重庆", englishName: "Chongqing"),
        Province(code: 510000, chineseName: "四川省", shortName: "四川", englishName: "Sichuan"),
        Province(code: 520000, chineseName: "贵州省", shortName: "贵州", englishName: "Guizhou"),
        Province(code: 530000, chineseName: "云南省", shortName: "云南", englishName: "Yunnan"),
        Province(code: 540000, chineseName: "西藏自治区", shortName: "西藏", englishName: "Tibet"),
        Province(code: 610000, chineseName: "陕西省", shortName: "陕西", englishName: "Shaanxi"),
        Province(code: 620000, chineseName: "甘肃省", shortName: "甘肃", englishName: "Gansu"),
        Province(code: 630000, chineseName: "青海省", shortName: "青海", englishName: "Qinghai"),
        Province(code: 640000, chineseName: "宁夏回族自治区", shortName: "宁夏", englishName: "Ningxia"),
        Province(code: 650000, chineseName: "新疆维吾尔自治区", shortName: "新疆", englishName: "Xinjiang"),
        Province(code: 710000, chineseName: "台湾省", shortName: "台湾", englishName: "Taiwan"),
        Province(code: 810000, chineseName: "香港特别行政区", shortName: "香港", englishName: "Hong Kong"),
        Province(code: 820000, chineseName: "澳门特别行政区", shortName: "澳门", englishName: "Macao"),
    ]

    private static let byCode: [Int: Province] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    private static let bySpelling: [String: Province] = {
        var map: [String: Province] = [:]
        for p in all {
            map[p.chineseName] = p
            map[p.shortName] = p
            map[p.shortName + "省"] = p
            map[p.shortName + "市"] = p
            map[p.englishName.lowercased()] = p
            map[String(p.code)] = p
        }
        map["内蒙古省"] = nil
        map["inner mongolia autonomous region"] = byCode[150000]
        map["nei mongol"] = byCode[150000]
        map["hongkong"] = byCode[810000]
        map["macau"] = byCode[820000]
        map["xizang"] = byCode[540000]
        return map
    }()

    /// The ISO 3166-1 code of the country a division belongs to: TW, HK and MO for 710000, 810000 and 820000, else CN.
    public static func countryCode(of code: Int) -> String {
        switch code {
        case 710000: "TW"
        case 810000: "HK"
        case 820000: "MO"
        default: "CN"
        }
    }

    /// The division with this GB/T 2260 code.
    public static func province(code: Int) -> Province? { byCode[code] }

    /// Resolves a spelling: full or short Chinese name (with or without 省/市), English name, or code.
    public static func province(named name: some StringProtocol) -> Province? {
        let trimmed = String(name).trimmingCharacters(in: " \t")
        if let p = bySpelling[trimmed] ?? bySpelling[trimmed.lowercased()] { return p }
        return nil
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
