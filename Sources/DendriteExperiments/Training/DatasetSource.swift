import Dendrite

/// Where a training run's data comes from: an IDX collection (MNIST, Fashion-MNIST), the
/// embedded Digits or Iris, or a CSV file.
public enum DatasetSource: Sendable, Equatable, CustomStringConvertible {
    case idx(IDXCollection)
    case digits
    case iris
    case csv(path: String)

    public var description: String {
        switch self {
        case .idx(let c): c.rawValue
        case .digits: "digits"
        case .iris: "iris"
        case .csv(let path): "csv:\(path)"
        }
    }

    /// The training and test parts. IDX collections come with their own test part; the
    /// others hold out a stratified `testFraction` drawn with `seed`.
    public func load<Scalar: KernelScalar>(
        as _: Scalar.Type, dataDirectory: String? = nil, labelColumn: String? = nil, testFraction: Double = 0.2, seed: UInt64 = 0
    ) throws -> (train: Dataset<Scalar>, test: Dataset<Scalar>) {
        let whole: Dataset<Scalar>
        switch self {
        case .idx(let collection): return try collection.load(from: dataDirectory, as: Scalar.self)
        case .digits: whole = .digits()
        case .iris: whole = .iris()
        case .csv(let path): whole = try .csv(path, labelColumn: labelColumn)
        }
        try whole.validateFinite()
        var generator = SeededGenerator(seed: seed ^ 0x7E57)
        let (train, test) = whole.split(validationFraction: testFraction, using: &generator)
        return (train, test)
    }
}

/// Training, validation and test parts, standardised with statistics of the training part.
public struct PreparedData<Scalar: KernelScalar> {
    public var train: Dataset<Scalar>
    public var validation: Dataset<Scalar>
    public var test: Dataset<Scalar>

    /// Splits a stratified validation part off `train` (with `seed`) and standardises all three
    /// parts with the statistics of what remains for training.
    public init(train whole: Dataset<Scalar>, test: Dataset<Scalar>, validationFraction: Double, seed: UInt64) {
        var generator = SeededGenerator(seed: seed ^ 0x5A11D)
        let (train, validation) = validationFraction > 0
            ? whole.split(validationFraction: validationFraction, using: &generator)
            : (whole, whole.subset([]))
        let scaler = Standardizer(fitting: train.features)
        self.train = scaler(train)
        self.validation = validation.count > 0 ? scaler(validation) : validation
        self.test = scaler(test)
    }
}
