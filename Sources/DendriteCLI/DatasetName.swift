import Dendrite
import DendriteExperiments

extension DatasetSource {
    /// Parses `fashion-mnist`, `mnist`, `digits`, `iris`, `csv:PATH`.
    init(_ text: String) throws {
        switch text {
        case "fashion-mnist", "fashion_mnist", "fashionmnist": self = .idx(.fashionMNIST)
        case "mnist": self = .idx(.mnist)
        case "digits": self = .digits
        case "iris": self = .iris
        case _ where text.hasPrefix("csv:") && text.count > 4: self = .csv(path: String(text.dropFirst(4)))
        default:
            throw DataError(file: text, "unknown data set; use fashion-mnist, mnist, digits, iris or csv:PATH")
        }
    }
}
