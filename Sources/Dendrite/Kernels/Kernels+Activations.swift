internal import CDendrite

extension Kernels {
    // MARK: Activations

    /// `A = f(Z)`, element-wise. `a` may be the same memory as `z`.
    public static func activationForward<T: KernelScalar>(
        _ activation: Activation, _ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkSameCount(activation.name, [("Z", z.count), ("A", a.count)])
        var (kind, params) = activation.cKernel
        T.kernels.activationForward(kind, &params, Int64(z.count), z.baseAddress, a.baseAddress)
    }

    /// `dLdZ = dLdA ⊙ f'(Z)` from the saved `Z` and `A = f(Z)`. `dLdZ` may be the memory of `dLdA`.
    public static func activationBackward<T: KernelScalar>(
        _ activation: Activation, z: UnsafeBufferPointer<T>, a: UnsafeBufferPointer<T>,
        dLdA: UnsafeBufferPointer<T>, into dLdZ: UnsafeMutableBufferPointer<T>
    ) throws {
        try checkSameCount(activation.name, [("Z", z.count), ("A", a.count), ("dLdA", dLdA.count), ("dLdZ", dLdZ.count)])
        var (kind, params) = activation.cKernel
        T.kernels.activationBackward(kind, &params, Int64(z.count), z.baseAddress, a.baseAddress,
                                      dLdA.baseAddress, dLdZ.baseAddress)
    }

    /// `A = f(Z)` on arrays of equal length.
    public static func activationForward<T: KernelScalar>(_ activation: Activation, _ z: [T], into a: inout [T]) throws {
        try withBuffers([z], &a) { i, o in try activationForward(activation, i[0], into: o) }
    }

    /// `f(Z)` for an array.
    public static func activationForward<T: KernelScalar>(_ activation: Activation, _ z: [T]) -> [T] {
        var a = [T](repeating: 0, count: z.count)
        withBuffers([z], &a) { i, o in
            var (kind, params) = activation.cKernel
            T.kernels.activationForward(kind, &params, Int64(z.count), i[0].baseAddress, o.baseAddress)
        }
        return a
    }

    /// `dLdZ = dLdA ⊙ f'(Z)` on arrays of equal length.
    public static func activationBackward<T: KernelScalar>(
        _ activation: Activation, z: [T], a: [T], dLdA: [T], into dLdZ: inout [T]
    ) throws {
        try withBuffers([z, a, dLdA], &dLdZ) { i, o in try activationBackward(activation, z: i[0], a: i[1], dLdA: i[2], into: o) }
    }

    /// `dLdA ⊙ f'(Z)` for arrays of equal length.
    public static func activationBackward<T: KernelScalar>(
        _ activation: Activation, z: [T], a: [T], dLdA: [T]
    ) throws -> [T] {
        var dLdZ = [T](repeating: 0, count: z.count)
        try activationBackward(activation, z: z, a: a, dLdA: dLdA, into: &dLdZ)
        return dLdZ
    }
}
