import Hummingbird
import VigilPublish

extension Language {
    /// The language a request asks for: `?lang=`, then the `vigil_lang` cookie, else Chinese (the switch is
    /// remembered in the cookie).
    static func of(_ request: Request) -> Language {
        if let asked = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) { return asked }
        return request.cookies["vigil_lang"].flatMap { Language(rawValue: $0.value) } ?? .zh
    }
}
