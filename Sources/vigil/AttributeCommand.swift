import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore

/// `vigil attribute --json`: bulk attribution, one indicator per line on stdin, one JSON object per line out.
struct AttributeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribute", abstract: "Attribute indicators read from stdin, one per line; write one JSON object per line.",
        discussion: "Example: printf '1.0.1.1\\nexample.com.cn\\n' | vigil attribute --json")

    @Flag(help: "Write JSON Lines (the only output format).") var json = false
    @OptionGroup var attribution: AttributionOptions

    func run() throws {
        let attributor = try attribution.makeAttributor()
        var output = ""
        func flush() {
            FileHandle.standardOutput.write(Data(output.utf8))
            output = ""
        }
        while let line = readLine(strippingNewline: true) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            var object: [String: Any] = ["indicator": text]
            if let indicator = try? Indicator.detect(text) {
                let a = attributor.attribute(indicator)
                object["indicator"] = indicator.value
                object["type"] = indicator.type.rawValue
                object["country"] = a.countryCode ?? NSNull()
                object["province_code"] = a.provinceCode ?? NSNull()
                object["province"] = a.provinceCode.flatMap { ProvinceCatalog.province(code: $0)?.chineseName } ?? NSNull()
                object["city"] = a.city ?? NSNull()
                object["operator"] = a.networkOperator.rawValue
                object["asn"] = a.asn ?? NSNull()
                object["organization"] = a.organizationName ?? NSNull()
                object["organization_id"] = a.organizationID ?? NSNull()
                object["rule"] = a.organizationRule ?? NSNull()
                object["registrable_domain"] = a.registrableDomain ?? NSNull()
                object["sources"] = a.provenance ?? NSNull()
            } else {
                object["error"] = "not an IP, CIDR, domain, URL, e-mail, phone or hash"
            }
            output += OutputFormatting.json(object) + "\n"
            if output.utf8.count > 1 << 16 { flush() }
        }
        flush()
    }
}
