import Crypto
import Foundation
import _CryptoExtras

/// Secrets for access: API tokens (random, shown once, stored as SHA-256) and passwords (scrypt, a slow memory-hard
/// KDF, with a random salt, compared in constant time).
public enum Credentials {
    /// A new API token: `vgl_` and 43 characters of base64url (256 random bits).
    public static func newToken() -> String {
        "vgl_" + base64url(Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
    }

    /// What the store keeps of a token: its SHA-256, hex. A token has 256 random bits, so a fast hash is enough.
    public static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// scrypt parameters: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s here).
    static let (rounds, blockSize, parallelism) = (1 << 15, 8, 1)

    /// The stored form of a password: `scrypt$N$r$p$salt$hash`, base64url.
    public static func hashPassword(_ password: String) throws -> String {
        let salt = Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
        let key = try KDF.Scrypt.deriveKey(from: Data(password.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize,
                                           parallelism: parallelism)
        return "scrypt$\(rounds)$\(blockSize)$\(parallelism)$\(base64url(salt))$\(base64url(key.withUnsafeBytes { Data($0) }))"
    }

    /// True when `password` matches the stored form.
    public static func verifyPassword(_ password: String, stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
              n > 1, n <= 1 << 20, r > 0, r <= 32, p > 0, p <= 16,
              let salt = data(base64url: parts[4]), let expected = data(base64url: parts[5]),
              let key = try? KDF.Scrypt.deriveKey(from: Data(password.utf8), salt: salt, outputByteCount: expected.count, rounds: n, blockSize: r, parallelism: p)
        else { return false }
        let actual = key.withUnsafeBytes { Data($0) }
        guard actual.count == expected.count else { return false }
        return zip(actual, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func data(base64url text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}
