import Foundation

/// Small whole-file reads for reference data (never for feed input, which is streamed).
enum FileBytes {
    static func read(path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }
}
