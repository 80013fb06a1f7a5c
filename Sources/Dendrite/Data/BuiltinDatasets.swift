import Foundation

extension Dataset {
    /// The 1797 8x8 hand-written digits (pixel counts 0...16 as features, labels 0...9),
    /// embedded in the library: UCI "Optical Recognition of Handwritten Digits"
    /// (E. Alpaydin, C. Kaynak, 1998), test part, CC BY 4.0.
    public static func digits() -> Dataset {
        let raw = [UInt8](Data(base64Encoded: DigitsData.base64, options: .ignoreUnknownCharacters)!)
        precondition(raw.count == DigitsData.rows * 65, "embedded digits data is damaged")
        var pixels = [Scalar](), labels = [Int]()
        pixels.reserveCapacity(DigitsData.rows * 64)
        for r in 0 ..< DigitsData.rows {
            pixels += raw[r * 65 ..< r * 65 + 64].map { Scalar($0) }
            labels.append(Int(raw[r * 65 + 64]))
        }
        return Dataset(name: "digits", features: Tensor(shape: [DigitsData.rows, 64], scalars: pixels), labels: labels,
                       classNames: (0 ... 9).map(String.init), featureNames: (0 ..< 64).map { "p\($0)" })
    }

    /// Images and labels from IDX files (MNIST format), pixels scaled to [0, 1].
    public static func idx(images: String, labels: String, name: String, classNames: [String]) throws -> Dataset {
        let data = try IDXDataset(images: images, labels: labels, classes: classNames.count)
        let pixels = data.images.bytes.map { Scalar($0) / 255 }
        return Dataset(name: name, features: Tensor(shape: data.images.shape, scalars: pixels), labels: data.labels,
                       classNames: classNames)
    }

    /// A CSV file with a header; `labelColumn` names the class column (default: the last).
    public static func csv(_ path: String, labelColumn: String? = nil) throws -> Dataset {
        let table = try CSVTable(contentsOf: path, labelColumn: labelColumn)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return Dataset(name: name, features: Tensor(shape: [table.features.count, table.featureNames.count], scalars: table.features.joined().map { Scalar($0) }),
                       labels: table.labels, classNames: table.classNames, featureNames: table.featureNames)
    }
}

/// The IDX data sets Dendrite knows how to find: MNIST and Fashion-MNIST.
public enum IDXCollection: String, CaseIterable, Sendable {
    case mnist = "mnist"
    case fashionMNIST = "fashion-mnist"

    public var classNames: [String] {
        switch self {
        case .mnist: (0 ... 9).map(String.init)
        case .fashionMNIST: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        }
    }

    /// Where to look when no directory is given (Debian's `dataset-fashion-mnist` installs there).
    public var defaultDirectories: [String] {
        switch self {
        case .mnist: ["/usr/share/datasets/mnist"]
        case .fashionMNIST: ["/usr/share/datasets/fashion-mnist"]
        }
    }

    /// The training and test parts from `directory` (or the default places), each file
    /// found raw or with `.gz`.
    public func load<Scalar>(from directory: String? = nil, as _: Scalar.Type = Scalar.self) throws -> (train: Dataset<Scalar>, test: Dataset<Scalar>) {
        let candidates = directory.map { [$0] } ?? defaultDirectories
        func find(_ stem: String) throws -> String {
            for dir in candidates {
                for name in [stem + ".gz", stem] where FileManager.default.fileExists(atPath: "\(dir)/\(name)") {
                    return "\(dir)/\(name)"
                }
            }
            let hint = self == .fashionMNIST ? " (install Debian's dataset-fashion-mnist, or pass --data-dir)" : " (pass --data-dir DIR holding the MNIST IDX files)"
            throw DataError(file: candidates.map { "\($0)/\(stem)[.gz]" }.joined(separator: " or "), "not found\(hint)")
        }
        let train = try Dataset<Scalar>.idx(images: find("train-images-idx3-ubyte"), labels: find("train-labels-idx1-ubyte"), name: rawValue, classNames: classNames)
        let test = try Dataset<Scalar>.idx(images: find("t10k-images-idx3-ubyte"), labels: find("t10k-labels-idx1-ubyte"), name: rawValue, classNames: classNames)
        return (train, test)
    }
}
