// Direct access to a tensor's storage, for callers that pass it to C themselves.

extension Tensor {
    /// Reads the elements without copying.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Writes the elements in place (copying first only if the storage is shared).
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        Tracing.refuse("a tensor is written through a pointer inside the step; a compiled step would not repeat it")
        return try scalars.withUnsafeMutableBufferPointer(body)
    }
}
