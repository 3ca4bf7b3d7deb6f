import Crypto
import Foundation

/// SHA-256 of a file, streamed in 1 MiB blocks.
public enum FileDigest {
    /// Returns the lower-case hex digest and the size in bytes.
    public static func sha256(path: String) throws -> (hex: String, size: Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestError(.cannotRead, "cannot open '\(path)'; check that the file exists and is readable")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while true {
            let data = try handle.read(upToCount: 1 << 20) ?? Data()
            if data.isEmpty { break }
            size += Int64(data.count)
            hasher.update(data: data)
        }
        let hex = hasher.finalize().map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
        return (hex, size)
    }
}
