extension Dataset {
    /// Fisher's Iris flowers, embedded in the library: 150 rows of 4 measurements in cm
    /// (sepal length, sepal width, petal length, petal width) and the species as labels
    /// 0 setosa (rows 0–49), 1 versicolor (50–99), 2 virginica (100–149).
    /// R. A. Fisher (1936), UCI Machine Learning Repository, CC BY 4.0.
    ///
    /// The vanishing-gradient experiment uses the first 100 rows, setosa against versicolor:
    /// `Dataset<Double>.iris().keepingClasses([0, 1])`.
    public static func iris() -> Dataset {
        Dataset(name: "iris", features: Tensor(shape: [150, 4], scalars: IrisData.features.map { Scalar($0) }),
                labels: IrisData.labels, classNames: IrisData.classNames, featureNames: IrisData.featureNames)
    }
}
