import ArgumentParser
import Foundation
import VigilAttribution
import VigilCore

/// Helpers for human and JSON output.
enum OutputFormatting {
    static func provinceName(_ code: Int?) -> String {
        guard let code, code != 0, let p = ProvinceCatalog.province(code: code) else { return "未知 (unknown)" }
        return "\(p.shortName) (\(p.code))"
    }

    static func json(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
            let text = String(data: data, encoding: .utf8)
        else { return "{}" }
        return text
    }

    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes `text` to `out` through a temporary file renamed into place (a reader never sees half a file), or
    /// prints it when `out` is nil.
    static func write(_ text: String, to out: String?) throws {
        guard let out else {
            print(text, terminator: "")
            return
        }
        let temporary = out + ".vigil-tmp"
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        if rename(temporary, out) != 0 { throw ValidationError("cannot write '\(out)': \(String(cString: strerror(errno)))") }
    }

    static func pad(_ s: String, _ width: Int) -> String {
        let w = s.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) }
        return w >= width ? s : s + String(repeating: " ", count: width - w)
    }

    /// `text` as one shell word: unchanged when it is plain, single-quoted otherwise (a URL with `?` or `&`).
    static func shellWord(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "@%+=:,./-_".unicodeScalars.contains($0)
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
