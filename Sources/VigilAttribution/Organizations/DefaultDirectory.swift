import VigilCore

extension OrganizationDirectory {
    /// The mainland's 31 provincial-level divisions (Hong Kong, Macao and Taiwan have no communications
    /// administration or operator branch in this directory; they fall back to the ministry).
    static let mainland: [Province] = ProvinceCatalog.all.filter { ![710000, 810000, 820000].contains($0.code) }

    /// The default directory: the ministry, CNCERT, the 31 provincial communications administrations, the three basic
    /// operators with their 31 provincial branches each, and CNNIC as the registry for `.cn` and `.中国`.
    public static let standard: OrganizationDirectory = {
        var list: [Organization] = [
            Organization(id: "miit", name: "工业和信息化部网络安全管理局", type: .ministry),
            Organization(id: "cncert", name: "国家计算机网络应急技术处理协调中心", type: .professionalInstitution, parent: "miit"),
            Organization(id: "cnnic", name: "中国互联网络信息中心", type: .domainRegistry, parent: "miit",
                         responsibilities: [.domainSuffix("cn"), .domainSuffix("xn--fiqs8s"), .domainSuffix("xn--fiqz9s")]),
        ]
        for p in mainland {
            list.append(Organization(id: "ca-\(p.code)", name: "\(p.chineseName)通信管理局", type: .provincialAdministration, parent: "miit", provinceCode: p.code))
        }
        let groups: [(String, String, NetworkOperator, String)] = [
            ("chinatelecom", "中国电信集团有限公司", .chinaTelecom, "中国电信"),
            ("chinaunicom", "中国联合网络通信集团有限公司", .chinaUnicom, "中国联通"),
            ("chinamobile", "中国移动通信集团有限公司", .chinaMobile, "中国移动"),
        ]
        for (id, name, op, short) in groups {
            list.append(Organization(id: id, name: name, type: .basicOperator, responsibilities: [.networkOperator(op)]))
            for p in mainland {
                list.append(Organization(
                    id: "\(id)-\(p.code)", name: "\(short)\(p.shortName)分公司", type: .operatorBranch, parent: id, provinceCode: p.code,
                    responsibilities: [.operatorInProvince(op, p.code)]))
            }
        }
        return OrganizationDirectory(list)
    }()
}
