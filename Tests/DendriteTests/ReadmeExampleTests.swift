import Testing
import Dendrite
import DendriteExperiments
import DendriteTestSupport

/// The README's examples, compiled and run as written there.
struct ReadmeExampleTests {
    @Test("the README's training loop reaches 100% on Iris setosa vs versicolor")
    func trainingLoop() {
        // --- README: training loop ---
        let iris = Dataset<Float>.iris().keepingClasses([0, 1])   // setosa vs versicolor
        let data = Standardizer(fitting: iris.features)(iris)
        let model = MLP<Float>(inputs: 4, hidden: [10], outputs: 1,
                               activation: .tanh, outputActivation: .sigmoid, seed: 0)
        let optimizer = SGD(parameters: model.parameters, learningRate: 0.05, momentum: 0.9)
        var generator = SeededGenerator(seed: 0)
        for epoch in 1 ... 20 {
            for batch in data.batches(of: 16, using: &generator) {
                let loss = binaryCrossEntropy(model(batch.features), batch.binaryTargets)
                optimizer.zeroGrad()
                loss.backward()
                optimizer.step()
            }
            if epoch % 5 == 0 { print("epoch \(epoch): first weight gradient \(model.hidden[0].weight.grad![0, 0])") }
        }
        let predicted = noGrad { model(data.features) }.scalars.map { $0 > 0.5 ? 1 : 0 }
        let accuracy = zip(predicted, data.labels).filter { $0 == $1 }.count * 100 / data.count
        print("training accuracy: \(accuracy)%")
        // --- end ---
        #expect(accuracy == 100)
    }

    @Test("the README's compiled loop trains like the eager one")
    func compiledLoop() throws {
        let iris = Dataset<Float>.iris().keepingClasses([0, 1])
        let data = Standardizer(fitting: iris.features)(iris)
        let model = MLP<Float>(inputs: 4, hidden: [10], outputs: 1,
                               activation: .tanh, outputActivation: .sigmoid, seed: 0)
        let optimizer = SGD(parameters: model.parameters, learningRate: 0.05, momentum: 0.9)
        var generator = SeededGenerator(seed: 0)
        // --- README: compiled steps ---
        let step = CompiledStep(model: model, loss: .binaryCrossEntropy(), optimizer: optimizer)
        for epoch in 1 ... 20 {
            let batches = data.batches(of: 16, using: &generator)
            var loss: Float = 0
            for index in batches.indices {
                loss = try step(rows: batches.rows(index), of: data)   // forward, backward, update
            }
            if epoch % 5 == 0 { print("epoch \(epoch): last batch loss \(loss)") }
        }
        // --- end ---
        let predicted = noGrad { model(data.features) }.scalars.map { $0 > 0.5 ? 1 : 0 }
        #expect(zip(predicted, data.labels).filter { $0 == $1 }.count == data.count)
    }

    // --- README: custom op ---
    /// The custom ReLU of the PyTorch notes, as a Dendrite function with its own backward.
    enum MyReLU: DifferentiableFunction {
        static func forward(_ ctx: inout FunctionContext<Float>, _ inputs: [Tensor<Float>]) -> Tensor<Float> {
            ctx.saveForBackward(inputs[0])                       // keep Z for backward
            return inputs[0].clamped(to: 0 ... .greatestFiniteMagnitude)
        }
        static func backward(_ ctx: FunctionContext<Float>, _ dLdA: Tensor<Float>) -> [Tensor<Float>?] {
            let z = ctx.savedTensors[0]
            return [dLdA * (z .> Tensor(0))]                     // the gradient flows where Z > 0
        }
    }
    // --- end ---

    @Test("the README's custom ReLU gives the gradients of the notes' example")
    func customReLU() {
        // --- README: custom op use ---
        let first = Linear<Float>(inputSize: 2, outputSize: 3, seed: 1)
        let second = Linear<Float>(inputSize: 3, outputSize: 1, seed: 2)
        let output = second(MyReLU.apply(first(Tensor.ones([1, 2]))))
        output.backward()
        print(first.weight.grad!)   // rows of units that ReLU switched off are zero
        // --- end ---
        let hidden = noGrad { first(Tensor<Float>.ones([1, 2])) }.scalars
        for (unit, z) in hidden.enumerated() {
            #expect((first.weight.grad!.rows[unit] == [0, 0]) == (z <= 0))
        }
    }
}
