import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// Modules: PyTorch-style parameter names, train/eval propagation, the seed-style
/// dictionaries (get_grad / get_param / set_param) and parameter value semantics.
struct ModuleTests {
    /// A network as a user would write one: a Sequential child, a layer without bias, a
    /// parameter shared by two layers, batch norm buffers and a plain array of layers.
    final class Custom: Module {
        var isTraining = true
        let hidden: Sequential<Double>
        let norm = BatchNorm1d<Double>(features: 3)
        let heads: [Linear<Double>]
        let tied: Linear<Double>
        let scale = Parameter(Tensor<Double>(2))
        let note = "not a member"

        init() {
            var rng = SeededGenerator(seed: 3)
            hidden = Sequential(Linear(inputSize: 2, outputSize: 3, generator: &rng), Tanh(), Dropout(p: 0.5, seed: 1))
            heads = [Linear(inputSize: 3, outputSize: 1, bias: false, generator: &rng), Linear(inputSize: 3, outputSize: 1, generator: &rng)]
            tied = heads[0]
        }

        func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> {
            let h = norm(hidden(x))
            return (heads[0](h) + heads[1](h)) * scale.value
        }
    }

    @Test("parameters and buffers get dotted names like PyTorch's, shared ones once")
    func naming() {
        let net = Custom()
        // As in PyTorch, a module's own parameters come before its children's.
        #expect(net.namedParameters.map(\.name) == [
            "scale", "hidden.0.weight", "hidden.0.bias", "norm.weight", "norm.bias",
            "heads.0.weight", "heads.1.weight", "heads.1.bias",
        ])
        #expect(net.namedBuffers.map(\.name) == ["norm.running_mean", "norm.running_var"])
        #expect(net.namedModules.map(\.name) == ["", "hidden", "hidden.0", "hidden.1", "hidden.2", "norm", "heads.0", "heads.1"])
        #expect(net.parameterCount == 6 + 3 + 3 + 3 + 3 + 3 + 1 + 1)
        #expect(net.parameters.count == 8)
    }

    @Test("MLP and Sequential names")
    func builtInNames() throws {
        let mlp = try MLP<Float>(inputs: 4, hidden: [3, 2], outputs: 1, activation: "tanh", outputActivation: "sigmoid", seed: 0)
        #expect(mlp.namedParameters.map(\.name) == [
            "hidden.0.weight", "hidden.0.bias", "hidden.1.weight", "hidden.1.bias", "output.weight", "output.bias",
        ])
        #expect(mlp.namedParameters.map(\.parameter.shape) == [[3, 4], [3], [2, 3], [2], [1, 2], [1]])
        #expect(mlp.activation == .tanh && mlp.outputActivation == .sigmoid)
        var rng = SeededGenerator(seed: 1)
        let seq = Sequential<Float>(Linear(inputSize: 784, outputSize: 128, generator: &rng), ReLU(),
                                    Linear(inputSize: 128, outputSize: 64, generator: &rng), ReLU(),
                                    Linear(inputSize: 64, outputSize: 10, generator: &rng))
        #expect(seq.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        #expect(seq.parameterCount == 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10)
        #expect(seq(Tensor<Float>.zeros([5, 784])).shape == [5, 10])
    }

    @Test("an unknown activation name is an error listing the valid names")
    func unknownActivation() {
        #expect {
            _ = try MLP<Double>(inputs: 4, hidden: [2], outputs: 1, activation: "sigmod", seed: 0)
        } throws: { error in
            let text = "\(error)"
            return text.contains("'sigmod'") && text.contains("sigmoid") && text.contains("relu") && text.contains("tanh")
        }
    }

    @Test("train() and eval() reach every module of the tree")
    func trainEval() {
        let net = Custom()
        #expect(net.namedModules.allSatisfy { $0.module.isTraining })
        net.eval()
        #expect(net.namedModules.allSatisfy { !$0.module.isTraining })
        // Evaluation: dropout is the identity and batch norm uses its running statistics.
        let x = Tensor<Double>([[0.5, -1], [1, 2], [-0.3, 0.1]])
        let dropout = net.hidden[2]
        #expect(dropout(x) == x)
        #expect(net(x) == net(x))
        net.train()
        #expect(net.namedModules.allSatisfy { $0.module.isTraining })
        net.hidden.train(false)
        #expect(!net.hidden[1].isTraining && net.norm.isTraining)
    }

    @Test("gradients(), parameterValues() and setParameterValues(_:) by name")
    func seedAccessors() throws {
        let mlp = MLP<Double>(inputs: 2, hidden: [3], outputs: 1, activation: .tanh, seed: 5)
        #expect(mlp.gradients().isEmpty)
        let snapshot = mlp.parameterValues()
        mlp(Tensor([[1, 2], [3, 4]])).sum().backward()
        let grads = mlp.gradients()
        #expect(Set(grads.keys) == Set(mlp.namedParameters.map(\.name)))
        #expect(grads["output.bias"]!.array == [2])

        SGD(parameters: mlp.parameters, learningRate: 0.1).step()
        #expect(mlp.parameterValues() != snapshot)
        #expect(Swift.abs(snapshot["output.bias"]!.scalar - (mlp.output.bias!.value.scalar + 0.2)) < 1e-15)

        try mlp.setParameterValues(snapshot)
        #expect(mlp.parameterValues() == snapshot)
        #expect(mlp.gradients().isEmpty)
        #expect(mlp.output.weight.value.isLeaf)
    }

    @Test("setParameterValues checks every name and shape before assigning")
    func setMismatch() throws {
        let mlp = MLP<Double>(inputs: 2, hidden: [3], outputs: 1, seed: 5)
        let before = mlp.parameterValues()
        var wrongShape = before
        wrongShape["output.bias"] = Tensor([0.0, 0.0])
        wrongShape["hidden.0.bias"] = Tensor([9.0, 9.0, 9.0])
        #expect(throws: ModuleStateError.shapeMismatch(name: "output.bias", kind: "parameter", expected: [1], found: [2])) {
            try mlp.setParameterValues(wrongShape)
        }
        #expect(mlp.parameterValues() == before, "nothing assigned")

        var renamed = before
        renamed["hidden.1.weight"] = renamed.removeValue(forKey: "hidden.0.weight")
        let error = #expect(throws: ModuleStateError.self) { try mlp.setParameterValues(renamed) }
        #expect(error == .mismatchedNames(missing: ["hidden.0.weight"], unexpected: ["hidden.1.weight"]))
        #expect("\(error!)" == "state does not match the model: missing hidden.0.weight; unexpected hidden.1.weight")

        try mlp.setParameterValues(["output.bias": Tensor([7.0])], strict: false)
        #expect(mlp.output.bias!.value.array == [7])
    }

    @Test("a copy of a parameter's value keeps its values; the optimizer updates in place")
    func valueSemantics() {
        let p = Parameter(Tensor<Double>([[1, 2], [3, 4]]))
        let copy = p.value
        (p.value * 2).sum().backward()
        #expect(p.grad!.array == [2, 2, 2, 2])
        SGD(parameters: [p], learningRate: 0.5).step()
        #expect(copy.array == [1, 2, 3, 4])
        #expect(p.value.array == [0, 1, 2, 3])

        // With no other reference, forward + backward + step reuse the same storage.
        let layer = Linear<Double>(inputSize: 3, outputSize: 2, seed: 0)
        let address = layer.weight.value.withUnsafeBufferPointer { $0.baseAddress }
        let optimizer = SGD(parameters: layer.parameters, learningRate: 0.1, momentum: 0.9)
        for _ in 0 ..< 3 {
            optimizer.zeroGrad()
            layer(Tensor([[1, 2, 3]])).sum().backward()
            optimizer.step()
        }
        #expect(layer.weight.value.withUnsafeBufferPointer { $0.baseAddress } == address)
    }

    @Test("assigning a parameter's value makes a fresh leaf; zeroGrad clears all gradients")
    func assignAndZero() {
        let mlp = MLP<Double>(inputs: 2, hidden: [2], outputs: 1, seed: 1)
        mlp(Tensor([[1, 2]])).sum().backward()
        #expect(mlp.parameters.allSatisfy { $0.grad != nil })
        mlp.zeroGrad()
        #expect(mlp.parameters.allSatisfy { $0.grad == nil })
        let w = mlp.output.weight
        w.value = (w.value * 3).detached() * 1   // a computed tensor, not a leaf
        #expect(w.value.isLeaf && w.grad == nil)
    }

    @Test("Linear accepts a single vector; Softmax and LogSoftmax modules wrap the ops")
    func smallLayers() {
        let layer = Linear(weight: Tensor<Double>([[1, 2], [3, 4], [5, 6]]), bias: Tensor([0.5, 0, -0.5]))
        #expect(layer(Tensor([1, 1])).array == [3.5, 7, 10.5])
        #expect(layer(Tensor([[1, 1]])).shape == [1, 3])
        let z = Tensor<Double>([[1, 2, 3]])
        #expect(Softmax<Double>()(z) == softmax(z))
        #expect(LogSoftmax<Double>()(z) == logSoftmax(z))
        #expect(LeakyReLU<Double>(slope: 0.2)(Tensor([-1, 2])).array == [-0.2, 2])
        #expect(ActivationLayer<Double>(.mish).activation == .mish)
    }
}
