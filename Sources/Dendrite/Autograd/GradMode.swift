/// Whether operations record the graph. On by default; off inside ``noGrad(_:)``.
public enum GradMode {
    @TaskLocal static var isEnabledValue = true

    /// Whether operations on tensors that require gradients record the graph here.
    public static var isEnabled: Bool { isEnabledValue }
}

/// Runs `body` without recording the graph: for inference, evaluation and parameter updates.
///
/// ```swift
/// let accuracy = noGrad { evaluate(model, on: validation) }
/// ```
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabledValue.withValue(false, operation: body)
}
