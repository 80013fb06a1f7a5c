import Foundation

/// Labelled examples for classification: a feature matrix `[count, features]` and one class
/// index per row.
///
/// ```swift
/// let digits = Dataset<Float>.digits()
/// var generator = SeededGenerator(seed: 0)
/// let (train, validation) = digits.split(validationFraction: 0.2, using: &generator)
/// let scaler = Standardizer(fitting: train.features)
/// for batch in scaler(train).batches(of: 128, using: &generator) { … }
/// ```
public struct Dataset<Scalar: KernelScalar> {
    /// A short name for reports, e.g. "iris".
    public var name: String
    /// `[count, features]`.
    public var features: Tensor<Scalar>
    /// Class index of each row, in `0..<classCount`.
    public var labels: [Int]
    /// The names of the classes (index = label).
    public var classNames: [String]
    public var featureNames: [String]

    /// - Precondition: one label per row, each in `0..<classNames.count`.
    public init(name: String, features: Tensor<Scalar>, labels: [Int], classNames: [String], featureNames: [String]? = nil) {
        precondition(features.rank == 2, "Dataset: features must be [count, features], got \(features.shape)")
        precondition(labels.count == features.shape[0], "Dataset: \(labels.count) labels for \(features.shape[0]) rows")
        precondition(labels.allSatisfy { (0 ..< classNames.count).contains($0) }, "Dataset: a label is outside 0..<\(classNames.count)")
        self.name = name
        self.features = features
        self.labels = labels
        self.classNames = classNames
        self.featureNames = featureNames ?? (0 ..< features.shape[1]).map { "x\($0)" }
    }

    public var count: Int { labels.count }
    public var featureCount: Int { features.shape[1] }
    public var classCount: Int { classNames.count }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(name: name, features: noGrad { features.gathered(rows: indices) }, labels: indices.map { labels[$0] },
                classNames: classNames, featureNames: featureNames)
    }

    /// Only the rows whose label is in `classes`, relabelled 0, 1, … in the given order
    /// (e.g. Iris setosa vs versicolor: `keepingClasses([0, 1])`).
    public func keepingClasses(_ classes: [Int]) -> Dataset {
        let keep = labels.indices.filter { classes.contains(labels[$0]) }
        var result = subset(keep)
        result.labels = result.labels.map { classes.firstIndex(of: $0)! }
        result.classNames = classes.map { classNames[$0] }
        return result
    }

    /// Labels as a `[count, classCount]` one-hot matrix.
    public var oneHotLabels: Tensor<Scalar> { oneHot(labels, classes: classCount) }

    /// Labels as a `[count, 1]` column of 0/1 (binary tasks).
    public var binaryTargets: Tensor<Scalar> {
        Tensor(shape: [count, 1], scalars: labels.map { Scalar($0) })
    }

    /// How many rows each class has.
    public var classCounts: [Int] {
        labels.reduce(into: [Int](repeating: 0, count: classCount)) { $0[$1] += 1 }
    }

    /// Throws when a feature is NaN or infinite, naming the row and the column.
    public func validateFinite() throws {
        for (i, v) in features.scalars.enumerated() where !v.isFinite {
            throw DataError(file: name, location: "row \(i / featureCount), column '\(featureNames[i % featureCount])'", "value \(v) is not finite")
        }
    }
}

/// `[labels.count, classes]` with a 1 in each row's label column.
public func oneHot<Scalar: KernelScalar>(_ labels: [Int], classes: Int) -> Tensor<Scalar> {
    var values = [Scalar](repeating: 0, count: labels.count * classes)
    for (i, label) in labels.enumerated() {
        precondition((0 ..< classes).contains(label), "oneHot: label \(label) at row \(i) is outside 0..<\(classes)")
        values[i * classes + label] = 1
    }
    return Tensor(shape: [labels.count, classes], scalars: values)
}
