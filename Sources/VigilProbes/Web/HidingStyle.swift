import Foundation

/// The CSS declarations that hide an element from a visitor while search spiders still read its links, as injected
/// hidden links (暗链) use them: `display:none`, `visibility:hidden`, off-screen positions, zero font size, a box of
/// at most one pixel with its overflow hidden, zero opacity, and clipping to nothing.
public enum HidingStyle {
    /// The reasons a declaration block (`a:b; c:d`) hides its element; empty when it does not.
    public static func reasons(_ block: String) -> [String] {
        var properties: [String: String] = [:]
        for declaration in block.split(separator: ";") {
            guard let colon = declaration.firstIndex(of: ":") else { continue }
            let name = declaration[..<colon].lowercased().trimmingEdgesOfSpace()
            let value = String(declaration[declaration.index(after: colon)...]).lowercased()
                .replacingAll("!important", with: "").trimmingEdgesOfSpace()
            properties[name] = value
        }
        var out: [String] = []
        if properties["display"] == "none" { out.append("display:none") }
        if let v = properties["visibility"], v == "hidden" || v == "collapse" { out.append("visibility:hidden") }
        for side in ["left", "top", "right", "text-indent", "margin-left", "margin-top"] {
            if let v = properties[side], let px = pixels(v), px <= -100 {
                out.append("offscreen (\(side):\(v))")
                break
            }
        }
        if let v = properties["font-size"], let px = pixels(v), px <= 0.5 { out.append("font-size:0") }
        let overflowHidden = properties["overflow"] == "hidden" || properties["overflow-x"] == "hidden" || properties["overflow-y"] == "hidden"
        for side in ["height", "width", "max-height", "max-width"] {
            if let v = properties[side], let px = pixels(v), px <= 1, overflowHidden || px <= 0 && side.hasPrefix("max") {
                out.append("\(side)<=1px with overflow hidden")
                break
            }
        }
        if let v = properties["opacity"], let o = Double(v), o <= 0.01 { out.append("opacity:0") }
        if let v = properties["clip"], v.hasPrefix("rect(") {
            let numbers = v.dropFirst(5).split(whereSeparator: { $0 == "," || $0 == " " || $0 == ")" }).compactMap { pixels(String($0)) }
            if numbers.count == 4 && (numbers[2] - numbers[0] <= 1 || numbers[1] - numbers[3] <= 1) { out.append("clip:rect(0)") }
        }
        if let v = properties["clip-path"], v.hasPrefix("inset(50%") || v.hasPrefix("inset(100%") || v.hasPrefix("circle(0") { out.append("clip-path") }
        if let v = properties["transform"], v.contains("scale(0)") || v.contains("scale(0,") { out.append("transform:scale(0)") }
        return out
    }

    /// A length in pixels (em and rem as 16 px, pt as 4/3 px); nil for what is not a length.
    static func pixels(_ value: String) -> Double? {
        var v = Substring(value.trimmingEdgesOfSpace())
        var factor = 1.0
        for (unit, f) in [("px", 1.0), ("rem", 16.0), ("em", 16.0), ("pt", 4.0 / 3.0), ("%", 0.0)] where v.hasSuffix(unit) {
            v = v.dropLast(unit.count)
            factor = f
            break
        }
        guard let number = Double(v.trimmingEdgesOfSpace()) else { return nil }
        if factor == 0 { return number == 0 ? 0 : nil }
        return number * factor
    }
}

/// The rules of a page's `<style>` blocks that hide elements. A rule applies to an element that matches the rightmost
/// compound of one of its selectors (`.seo`, `div#ft`, `p.x.y`); the hidden element hides its descendants, so a link
/// inside it is hidden too. Only type, class and id selectors are read; ancestors in a selector are not checked, which
/// errs towards finding more (each finding names the selector, for review).
public struct HidingRules: Sendable {
    /// One rule: the compound it matches and why it hides.
    struct Rule: Sendable {
        var tag: String?
        var id: String?
        var classes: [String]
        var reasons: [String]
        var selector: String
    }

    var rules: [Rule] = []

    /// No rules.
    public init() {}

    /// The hiding rules of one style sheet's text.
    public mutating func add(styleSheet text: String) {
        // Comments dropped in one forward pass (a page of many comments costs no more than its length).
        var css = ""
        var rest = Substring(text)
        while let start = rest.range(of: "/*") {
            css += rest[..<start.lowerBound]
            rest = rest[start.upperBound...]
            guard let end = rest.range(of: "*/") else {
                rest = ""
                break
            }
            rest = rest[end.upperBound...]
        }
        css += rest
        rest = Substring(css)
        while let open = rest.firstIndex(of: "{") {
            var selectors = rest[..<open]
            // The end of an enclosing at-rule's block is left over before the next selector.
            if let stray = selectors.lastIndex(of: "}") { selectors = selectors[selectors.index(after: stray)...] }
            // At-rules (`@media`): read the rules inside as if they applied.
            if selectors.trimmingEdgesOfSpace().hasPrefix("@") {
                rest = rest[rest.index(after: open)...]
                continue
            }
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let body = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            let reasons = HidingStyle.reasons(body)
            guard !reasons.isEmpty else { continue }
            for selector in selectors.split(separator: ",") {
                let compound = selector.split(whereSeparator: { $0 == " " || $0 == ">" || $0 == "+" || $0 == "~" || $0 == "\n" || $0 == "\t" }).last.map(String.init) ?? ""
                if let rule = Self.parse(compound, reasons: reasons, selector: selector.trimmingEdgesOfSpace()) { rules.append(rule) }
            }
        }
    }

    static func parse(_ compound: String, reasons: [String], selector: String) -> Rule? {
        var tag: String?, id: String?, classes: [String] = []
        var current = "", kind: Character = "t"
        func flush() {
            guard !current.isEmpty else { return }
            switch kind {
            case "#": id = current
            case ".": classes.append(current)
            default: tag = current.lowercased()
            }
            current = ""
        }
        for c in compound {
            if c == "#" || c == "." {
                flush()
                kind = c
            } else if c == ":" || c == "[" {
                return nil // pseudo-classes and attribute selectors are not read
            } else {
                current.append(c)
            }
        }
        flush()
        if tag == "*" { tag = nil }
        guard tag != nil || id != nil || !classes.isEmpty else { return nil }
        return Rule(tag: tag, id: id, classes: classes, reasons: reasons, selector: selector)
    }

    /// The reasons the rules hide an element with this tag and these attributes.
    public func reasons(tag: String, attributes: [String: String]) -> [String] {
        let classes = Set((attributes["class"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init))
        var out: [String] = []
        for rule in rules {
            if let t = rule.tag, t != tag { continue }
            if let id = rule.id, id != attributes["id"] { continue }
            if !rule.classes.allSatisfy(classes.contains) { continue }
            out += rule.reasons.map { "\($0) via \(rule.selector)" }
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }
}
