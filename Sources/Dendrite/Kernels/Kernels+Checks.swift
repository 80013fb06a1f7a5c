internal import CDendrite

extension Kernels {
    // MARK: Checks

    /// Validates a row-major matrix buffer and returns its leading dimension.
    static func checkMatrix(_ op: String, _ name: String, _ shape: MatrixShape, ld: Int?, count: Int) throws -> Int {
        guard shape.rows >= 0, shape.cols >= 0 else {
            throw KernelError(op, "\(name) has a negative dimension: \(shape)")
        }
        let ld = ld ?? max(shape.cols, 1)
        guard ld >= max(shape.cols, 1) else {
            throw KernelError(op, "\(name) is \(shape) but its leading dimension is \(ld) (needs at least \(max(shape.cols, 1)))")
        }
        let needed = shape.rows == 0 || shape.cols == 0 ? 0 : (shape.rows - 1) * ld + shape.cols
        guard count >= needed else {
            throw KernelError(op, "\(name) is \(shape) with leading dimension \(ld) and needs \(needed) elements, the buffer has \(count)")
        }
        return ld
    }

    static func checkSameCount(_ op: String, _ buffers: [(String, Int)]) throws {
        guard let (firstName, first) = buffers.first else { return }
        if let (name, count) = buffers.first(where: { $0.1 != first }) {
            throw KernelError(op, "\(firstName) has \(first) elements but \(name) has \(count)")
        }
    }

    static func checkRows(_ op: String, _ shape: MatrixShape, _ buffers: [(String, Int)]) throws {
        guard shape.rows >= 0, shape.cols >= 0 else { throw KernelError(op, "negative dimension in \(shape)") }
        for (name, count) in buffers where count != shape.count {
            throw KernelError(op, "expected \(name) of shape \(shape) (\(shape.count) elements), found \(count) elements")
        }
    }

    static func checkCount(_ op: String, _ name: String, expected: Int, shape: String, found: Int) throws {
        guard found == expected else {
            throw KernelError(op, "expected \(name) of shape \(shape) (\(expected) elements), found \(found) elements")
        }
    }

    static func checkStep(_ op: String, _ step: Int) throws {
        guard step >= 1 else { throw KernelError(op, "step counts from 1, got \(step)") }
    }

    /// Runs `body` with buffers over `inputs` and over `output`: the array forms of the
    /// kernels are the buffer forms called through this.
    static func withBuffers<T>(
        _ inputs: [[T]], _ output: inout [T],
        _ body: ([UnsafeBufferPointer<T>], UnsafeMutableBufferPointer<T>) throws -> Void
    ) rethrows {
        func reading(_ rest: ArraySlice<[T]>, _ done: [UnsafeBufferPointer<T>]) throws {
            guard let next = rest.first else {
                return try output.withUnsafeMutableBufferPointer { try body(done, $0) }
            }
            try next.withUnsafeBufferPointer { try reading(rest.dropFirst(), done + [$0]) }
        }
        try reading(inputs[...], [])
    }
}
