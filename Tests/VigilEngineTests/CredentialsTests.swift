import Foundation
import Testing
import VigilEngine

@Suite struct CredentialsTests {
    @Test func passwordsVerifyOnlyThemselves() throws {
        let stored = try Credentials.hashPassword("correct horse battery staple")
        #expect(stored.hasPrefix("scrypt$32768$8$1$"))
        #expect(Credentials.verifyPassword("correct horse battery staple", stored: stored))
        #expect(!Credentials.verifyPassword("correct horse battery stapler", stored: stored))
        #expect(!Credentials.verifyPassword("", stored: stored))
        // Salted: the same password stores differently each time.
        #expect(try Credentials.hashPassword("correct horse battery staple") != stored)
        // A tampered or foreign record never verifies (and never crashes).
        var parts = stored.split(separator: "$").map(String.init)
        parts[5] = String(parts[5].reversed())
        #expect(!Credentials.verifyPassword("correct horse battery staple", stored: parts.joined(separator: "$")))
        for broken in ["", "scrypt$", "bcrypt$2$8$1$aa$bb", "scrypt$99999999$8$1$aa$bb", "scrypt$32768$8$1$!!$??"] {
            #expect(!Credentials.verifyPassword("x", stored: broken))
        }
    }

    @Test func tokensAreRandomAndStoredAsHashes() {
        let a = Credentials.newToken(), b = Credentials.newToken()
        #expect(a != b && a.hasPrefix("vgl_") && a.count == 47)
        #expect(Credentials.tokenHash(a).count == 64 && Credentials.tokenHash(a) != Credentials.tokenHash(b))
        // SHA-256 of "vgl_test", as Python's hashlib computes it.
        #expect(Credentials.tokenHash("vgl_test") == "5239564efe46e0dcdf6ad6da11ae84ecf11b6a9bed09be3b2c5886544a35bf6f")
    }
}
