import Testing
import VigilTesting

extension Backend: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}
