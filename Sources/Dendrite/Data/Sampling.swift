// Mini-batches, splits and folds, all driven by an explicit generator (reproducible).

/// One mini-batch: features `[size, features]` and their labels.
public struct Batch<Scalar: KernelScalar> {
    public var features: Tensor<Scalar>
    public var labels: [Int]
    /// The rows of the data set this batch holds.
    public var indices: [Int]

    /// The labels as a `[size, 1]` column of 0/1, the target of a binary classifier.
    public var binaryTargets: Tensor<Scalar> {
        Tensor(shape: [labels.count, 1], scalars: labels.map { Scalar($0) })
    }
}

extension Dataset {
    /// The data in shuffled mini-batches of `size` (the last one may be smaller), a new
    /// order each call: one epoch. Each batch is gathered when it is read, so an epoch
    /// never holds more than one batch's copy of the data.
    public func batches<G: RandomNumberGenerator>(of size: Int, shuffled: Bool = true, using generator: inout G) -> Batches<Scalar> {
        precondition(size > 0, "batches: the batch size must be positive, got \(size)")
        var order = Array(0 ..< count)
        if shuffled { order.shuffle(using: &generator) }
        return Batches(data: self, order: order, size: size)
    }

    /// `size` rows drawn uniformly *with replacement*, as the first seed's `random_batch`
    /// (`np.random.randint(0, n, size)`).
    public func randomBatch<G: RandomNumberGenerator>(of size: Int, using generator: inout G) -> Batch<Scalar> {
        precondition(size > 0 && count > 0, "randomBatch: needs a positive size and a non-empty data set")
        return batch(rows: (0 ..< size).map { _ in Int.random(in: 0 ..< count, using: &generator) })
    }

    /// The batch of rows `indices` (repeats allowed).
    public func batch(rows indices: [Int]) -> Batch<Scalar> {
        Batch(features: noGrad { features.gathered(rows: indices) }, labels: indices.map { labels[$0] }, indices: indices)
    }

    /// A stratified split: each class contributes `validationFraction` of its rows (rounded)
    /// to the validation part, so both parts keep the class proportions.
    public func split<G: RandomNumberGenerator>(validationFraction: Double, using generator: inout G) -> (train: Dataset, validation: Dataset) {
        precondition(validationFraction > 0 && validationFraction < 1, "split: the validation fraction must be in (0, 1), got \(validationFraction)")
        var train: [Int] = [], validation: [Int] = []
        for members in rowsByClass(shuffledWith: &generator) {
            let v = Int((Double(members.count) * validationFraction).rounded())
            validation += members.prefix(v)
            train += members.dropFirst(v)
        }
        train.shuffle(using: &generator)
        validation.shuffle(using: &generator)
        return (subset(train), subset(validation))
    }

    /// Exactly `size` rows drawn without replacement, stratified: each class gets its share of
    /// `size` (the largest remainders round up, so the shares add up to `size`).
    public func stratifiedSample<G: RandomNumberGenerator>(_ size: Int, using generator: inout G) -> Dataset {
        precondition(size > 0 && size <= count, "stratifiedSample: \(size) rows of \(count)")
        let groups = rowsByClass(shuffledWith: &generator)
        let exact = groups.map { Double($0.count) * Double(size) / Double(count) }
        var shares = exact.map { Int($0.rounded(.down)) }
        let byRemainder = groups.indices.sorted { (exact[$0] - Double(shares[$0]), -$0) > (exact[$1] - Double(shares[$1]), -$1) }
        for c in byRemainder.prefix(size - shares.reduce(0, +)) { shares[c] += 1 }
        var rows = zip(groups, shares).flatMap { $0.prefix($1) }
        rows.shuffle(using: &generator)
        return subset(rows)
    }

    /// Stratified k-fold cross-validation: `k` (train, validation) pairs whose validation parts
    /// partition the data, each with the class proportions of the whole (scikit-learn's
    /// StratifiedKFold with shuffling).
    public func stratifiedKFold<G: RandomNumberGenerator>(_ k: Int, using generator: inout G) -> [(train: Dataset, validation: Dataset)] {
        precondition(k >= 2, "stratifiedKFold: needs at least 2 folds, got \(k)")
        precondition(k <= count, "stratifiedKFold: \(k) folds for \(count) rows")
        var folds = [[Int]](repeating: [], count: k)
        var next = 0
        for members in rowsByClass(shuffledWith: &generator) {
            // Deal each class's rows round-robin, continuing where the last class stopped,
            // so fold sizes differ by at most one.
            for row in members {
                folds[next].append(row)
                next = (next + 1) % k
            }
        }
        return (0 ..< k).map { f in
            let train = (0 ..< k).filter { $0 != f }.flatMap { folds[$0] }
            return (subset(train), subset(folds[f]))
        }
    }

    private func rowsByClass<G: RandomNumberGenerator>(shuffledWith generator: inout G) -> [[Int]] {
        var groups = [[Int]](repeating: [], count: classCount)
        for (i, label) in labels.enumerated() { groups[label].append(i) }
        for c in groups.indices { groups[c].shuffle(using: &generator) }
        return groups
    }
}

/// The mini-batches of one epoch, gathered on access (see ``Dataset/batches(of:shuffled:using:)``).
public struct Batches<Scalar: KernelScalar>: RandomAccessCollection {
    let data: Dataset<Scalar>
    let order: [Int]
    let size: Int

    /// The rows of batch `position`, in the shuffled order (what a ``CompiledStep`` takes).
    public func rows(_ position: Int) -> ArraySlice<Int> {
        let start = position * size
        return order[start ..< Swift.min(start + size, order.count)]
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { (order.count + size - 1) / size }

    public subscript(position: Int) -> Batch<Scalar> { data.batch(rows: Array(rows(position))) }
}
