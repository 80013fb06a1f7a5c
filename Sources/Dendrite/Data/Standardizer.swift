/// Feature standardisation `(x − mean) / std`, fitted on training data only and then applied
/// unchanged to validation and test data (so nothing leaks from them into training).
public struct Standardizer<Scalar: KernelScalar> {
    /// Per-feature mean and standard deviation (population, as NumPy's `std`).
    public var mean: Tensor<Scalar>
    public var standardDeviation: Tensor<Scalar>

    /// Fits on the rows of `features` (`[count, features]`). Constant features get a standard
    /// deviation of 1, so they map to 0 instead of NaN.
    public init(fitting features: Tensor<Scalar>) {
        precondition(features.rank == 2 && features.shape[0] > 0, "Standardizer: needs a non-empty [count, features] matrix, got \(features.shape)")
        let (mean, std) = noGrad { () -> (Tensor<Scalar>, Tensor<Scalar>) in
            let mean = features.mean(alongAxis: 0)
            let variance = (features - mean).squared().mean(alongAxis: 0)
            return (mean, variance.sqrt())
        }
        self.mean = mean
        self.standardDeviation = Tensor(shape: std.shape, scalars: std.scalars.map { $0 > 0 ? $0 : 1 })
    }

    /// The standardised features.
    public func callAsFunction(_ features: Tensor<Scalar>) -> Tensor<Scalar> {
        precondition(features.rank == 2 && features.shape[1] == mean.count,
                     "Standardizer: fitted on \(mean.count) features, got shape \(features.shape)")
        return noGrad { (features - mean) / standardDeviation }
    }

    /// The data set with standardised features.
    public func callAsFunction(_ data: Dataset<Scalar>) -> Dataset<Scalar> {
        var result = data
        result.features = self(data.features)
        return result
    }
}
