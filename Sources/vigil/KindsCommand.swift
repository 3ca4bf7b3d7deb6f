import ArgumentParser
import VigilCore

/// `vigil kinds`: lists the threat kinds and categories.
struct KindsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kinds", abstract: "List threat categories and kinds with their wire names.")

    func run() throws {
        for category in ThreatCategory.allCases {
            print("\(category.rawValue)  \(category.chineseName) / \(category.englishName)")
            for kind in ThreatKind.allCases where kind.category == category {
                print("  \(OutputFormatting.pad(kind.rawValue, 18)) \(kind.chineseName) / \(kind.englishName)")
            }
        }
    }
}
