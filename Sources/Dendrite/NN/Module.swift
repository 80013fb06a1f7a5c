/// A layer or a network: something that maps a batch of inputs to outputs and owns
/// parameters, possibly through sub-modules.
///
/// A conforming class stores its parameters (``Parameter``), buffers (``Buffer``) and
/// sub-modules (any `Module`, optional ones, or arrays of them) as ordinary properties and
/// implements ``callAsFunction(_:)``; Dendrite finds the rest by reflection, with names
/// like PyTorch's (`hidden.0.weight`):
///
/// ```swift
/// final class Net: Module {
///     var isTraining = true
///     let hidden: [Linear<Double>]
///     let out: Linear<Double>
///
///     init(seed: UInt64) {
///         var rng = SeededGenerator(seed: seed)
///         hidden = [Linear(inputSize: 4, outputSize: 8, generator: &rng)]
///         out = Linear(inputSize: 8, outputSize: 1, generator: &rng)
///     }
///
///     func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> {
///         sigmoid(out(hidden.reduce(x) { tanh($1($0)) }))
///     }
/// }
/// // Net(seed: 0).namedParameters.map(\.name)
/// // ["hidden.0.weight", "hidden.0.bias", "out.weight", "out.bias"]
/// ```
///
/// A module that keeps its children elsewhere (a dictionary, a computed list) implements
/// ``namedChildren``, ``ownParameters`` or ``ownBuffers`` itself, as ``Sequential`` does.
public protocol Module<Scalar>: AnyObject {
    /// The element type of the tensors the module computes with.
    associatedtype Scalar: KernelScalar

    /// The forward pass: outputs for a batch of inputs.
    func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar>

    /// Whether the module is in training mode (dropout active, batch statistics in batch
    /// norm). Start with `true`; change it for a whole tree with ``train(_:)`` / ``eval()``.
    var isTraining: Bool { get set }

    /// The direct sub-modules with their names. Defaults to the stored properties holding
    /// modules, optional modules and arrays of modules (named `property` and `property.i`).
    var namedChildren: [(name: String, module: any Module<Scalar>)] { get }

    /// The parameters held directly by this module (not by its children). Defaults to the
    /// stored properties holding a ``Parameter``, an optional one or an array of them.
    var ownParameters: [(name: String, parameter: Parameter<Scalar>)] { get }

    /// The buffers held directly by this module. Defaults to the stored properties holding
    /// a ``Buffer``, an optional one or an array of them.
    var ownBuffers: [(name: String, buffer: Buffer<Scalar>)] { get }
}

extension Module {
    /// The sub-modules found by reflection; see the requirement.
    public var namedChildren: [(name: String, module: any Module<Scalar>)] {
        Reflection.members(of: self, as: (any Module<Scalar>).self).map { ($0.name, $0.value) }
    }

    /// The parameters found by reflection; see the requirement.
    public var ownParameters: [(name: String, parameter: Parameter<Scalar>)] {
        Reflection.members(of: self, as: Parameter<Scalar>.self).map { ($0.name, $0.value) }
    }

    /// The buffers found by reflection; see the requirement.
    public var ownBuffers: [(name: String, buffer: Buffer<Scalar>)] {
        Reflection.members(of: self, as: Buffer<Scalar>.self).map { ($0.name, $0.value) }
    }

    /// This module and every module below it, each once, in definition order, with its
    /// dotted path (`""` for this module).
    public var namedModules: [(name: String, module: any Module<Scalar>)] {
        var result: [(name: String, module: any Module<Scalar>)] = []
        var seen: Set<ObjectIdentifier> = []
        // Depth-first, pre-order, with an explicit stack (children pushed in reverse).
        var stack: [(String, any Module<Scalar>)] = [("", self)]
        while let (name, module) = stack.popLast() {
            guard seen.insert(ObjectIdentifier(module)).inserted else { continue }
            result.append((name, module))
            for child in module.namedChildren.reversed() {
                stack.append((name.isEmpty ? child.name : "\(name).\(child.name)", child.module))
            }
        }
        return result
    }

    /// Every parameter of the tree with its dotted name (`hidden.0.weight`), each once
    /// (a parameter shared by two layers keeps its first name), in definition order.
    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        var seen: Set<ObjectIdentifier> = []
        return namedModules.flatMap { prefix, module in
            module.ownParameters.compactMap { name, p in
                seen.insert(ObjectIdentifier(p)).inserted ? (prefix.isEmpty ? name : "\(prefix).\(name)", p) : nil
            }
        }
    }

    /// Every parameter of the tree, in the order of ``namedParameters``: what an optimizer takes.
    public var parameters: [Parameter<Scalar>] { namedParameters.map(\.parameter) }

    /// Every buffer of the tree with its dotted name (`norm.running_mean`).
    public var namedBuffers: [(name: String, buffer: Buffer<Scalar>)] {
        var seen: Set<ObjectIdentifier> = []
        return namedModules.flatMap { prefix, module in
            module.ownBuffers.compactMap { name, b in
                seen.insert(ObjectIdentifier(b)).inserted ? (prefix.isEmpty ? name : "\(prefix).\(name)", b) : nil
            }
        }
    }

    /// The total number of trainable values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Clears the gradient of every parameter.
    public func zeroGrad() { parameters.forEach { $0.zeroGrad() } }

    /// Puts this module and all modules below it in training mode (or evaluation mode with
    /// `false`).
    public func train(_ on: Bool = true) {
        for (_, module) in namedModules { module.isTraining = on }
    }

    /// Puts this module and all modules below it in evaluation mode: dropout off, batch
    /// norm uses its running statistics.
    public func eval() { train(false) }
}

/// Finds the members of a module by reflecting on its stored properties.
enum Reflection {
    static func members<T>(of object: AnyObject, as _: T.Type) -> [(name: String, value: T)] {
        var result: [(name: String, value: T)] = []
        var mirror: Mirror? = Mirror(reflecting: object)
        var levels: [Mirror] = []
        while let m = mirror {
            levels.append(m)
            mirror = m.superclassMirror
        }
        // Superclass properties first, as they are declared first.
        for m in levels.reversed() {
            for child in m.children {
                guard let label = child.label.map(cleanLabel) else { continue }
                if let value = child.value as? T {
                    result.append((label, value))
                } else if let values = child.value as? [T] {
                    for (i, value) in values.enumerated() { result.append(("\(label).\(i)", value)) }
                }
            }
        }
        return result
    }

    /// `_name` (property wrapper storage) and `$__lazy_storage_$_name` become `name`.
    private static func cleanLabel(_ label: String) -> String {
        if label.hasPrefix("$__lazy_storage_$_") { return String(label.dropFirst(18)) }
        if label.hasPrefix("_") { return String(label.dropFirst()) }
        return label
    }
}
