// Parameters and gradients as dictionaries keyed by dotted name: the teaching framework's
// get_grad / get_param / set_param, and the checks a checkpoint load shares.

extension Module {
    /// The gradient of every parameter that has one, by dotted name (the seeds' `get_grad`).
    /// Parameters without a gradient (none computed yet, or cleared) are left out.
    public func gradients() -> [String: Tensor<Scalar>] {
        Dictionary(uniqueKeysWithValues: namedParameters.compactMap { name, p in p.grad.map { (name, $0) } })
    }

    /// A snapshot of every parameter's values, by dotted name (the seeds' `get_param`).
    /// The tensors are constants: later training does not change them.
    public func parameterValues() -> [String: Tensor<Scalar>] {
        Dictionary(uniqueKeysWithValues: namedParameters.map { ($0.name, $0.parameter.value.detached()) })
    }

    /// Replaces parameter values by dotted name (the seeds' `set_param`).
    ///
    /// Everything is checked before anything is assigned: with `strict` (the default) the
    /// names must be exactly the model's; otherwise unknown names are an error but missing
    /// ones are left as they are. Gradients of assigned parameters are cleared.
    /// - Throws: ``ModuleStateError`` naming the missing or unexpected names, or the
    ///   parameter whose shape differs with both shapes.
    public func setParameterValues(_ values: [String: Tensor<Scalar>], strict: Bool = true) throws(ModuleStateError) {
        let targets = namedParameters.map { (name: $0.name, shape: $0.parameter.shape, kind: "parameter") }
        let plan = try ModuleStateError.match(values.mapValues(\.shape), to: targets, strict: strict)
        let byName = Dictionary(uniqueKeysWithValues: namedParameters.map { ($0.name, $0.parameter) })
        for name in plan { byName[name]!.value = values[name]! }
    }
}

/// Tensors supplied for a module do not fit it: names missing or unexpected, or a shape
/// that differs. Nothing was assigned.
public enum ModuleStateError: Error, Equatable, CustomStringConvertible {
    /// The supplied names are not the module's: `missing` are the module's names that were
    /// not supplied, `unexpected` the supplied names it does not have.
    case mismatchedNames(missing: [String], unexpected: [String])
    /// `name` has `found` in the supplied state but `expected` in the module.
    case shapeMismatch(name: String, kind: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case let .mismatchedNames(missing, unexpected):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !unexpected.isEmpty { parts.append("unexpected \(unexpected.joined(separator: ", "))") }
            return "state does not match the model: " + parts.joined(separator: "; ")
        case let .shapeMismatch(name, kind, expected, found):
            return "\(kind) '\(name)' has shape \(found) in the supplied state but \(expected) in the model"
        }
    }

    /// Checks supplied shapes against the module's tensors and returns the names to assign,
    /// in the module's order.
    static func match(
        _ supplied: [String: [Int]], to targets: [(name: String, shape: [Int], kind: String)], strict: Bool
    ) throws(ModuleStateError) -> [String] {
        let known = Set(targets.map(\.name))
        let unexpected = supplied.keys.filter { !known.contains($0) }.sorted()
        let missing = strict ? targets.map(\.name).filter { supplied[$0] == nil } : []
        if !unexpected.isEmpty || !missing.isEmpty {
            throw .mismatchedNames(missing: missing, unexpected: unexpected)
        }
        var plan: [String] = []
        for (name, shape, kind) in targets {
            guard let found = supplied[name] else { continue }
            if found != shape { throw .shapeMismatch(name: name, kind: kind, expected: shape, found: found) }
            plan.append(name)
        }
        return plan
    }
}
