import Dendrite
import Foundation

/// The first seed's vanishing-gradient study: an MLP on Iris setosa vs versicolor whose
/// per-layer mean |∂L/∂W| is recorded at every step.
///
/// Defaults follow the seed: 10 units per hidden layer, sigmoid output, summed binary
/// cross-entropy, plain SGD with learning rate 0.001, random batches of 128 drawn with
/// replacement from the 100 standardised rows, 100 steps, Xavier/Glorot-uniform weights
/// and zero biases.
public struct VanishingGradientStudy: Sendable {
    public var activation: Activation
    public var layers: Int
    public var neurons = 10
    public var learningRate = 0.001
    public var batchSize = 128
    public var steps = 100
    public var initializer = Initializer.xavierUniform()
    public var seed: UInt64 = 0
    /// Steps as a compiled plan (the default) or through the eager graph: the same numbers.
    public var compiled = true
    /// Whether each step also records the share of dead and saturated units (one more
    /// forward pass per step when compiled).
    public var recordsUnitHealth = true

    public init(activation: Activation, layers: Int) {
        self.activation = activation
        self.layers = layers
    }

    /// What one configuration produced.
    public struct Result: Sendable {
        public var study: VanishingGradientStudy
        /// Accuracy on all 100 training rows after the last step.
        public var trainingAccuracy: Double
        /// The summed BCE of each step's batch.
        public var losses: [Double]
        /// Mean |∂L/∂W| per layer (hidden.0 … output) and step: the seed's `grad_w`.
        public var meanAbsWeightGradients: [[Double]]
        public var layerNames: [String]
        /// The full per-step statistics (norms, dead and saturated shares), per step and layer.
        public var gradientSteps: [[LayerGradientStatistics]]
        /// ``gradientSteps`` as CSV.
        public var recorderCSV: String { GradientRecorder<Double>.csv(gradientSteps) }
        public var seconds: Double

        /// Mean over the steps of the first hidden layer's and the output layer's mean |∂L/∂W|.
        public var firstLayerGradient: Double { Self.average(meanAbsWeightGradients.first ?? []) }
        public var outputLayerGradient: Double { Self.average(meanAbsWeightGradients.last ?? []) }
        /// first / output: far below 1 when gradients vanish towards the input.
        public var gradientRatio: Double { outputLayerGradient > 0 ? firstLayerGradient / outputLayerGradient : .nan }

        static func average(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }
    }

    /// A short label, e.g. "sigmoid, 10 layers".
    public var label: String { "\(activation.name), \(layers) layer\(layers == 1 ? "" : "s")" }

    /// Trains and records. `progress` is told about each step.
    /// - Throws: ``CompileError`` only if the compiled step cannot be made (it always can for this MLP).
    public func run(progress: ((Int) -> Void)? = nil) throws -> Result {
        let start = Date()
        let raw = Dataset<Double>.iris().keepingClasses([0, 1])
        let data = Standardizer(fitting: raw.features)(raw)
        var generator = SeededGenerator(seed: seed)
        let net = MLP<Double>(inputs: data.featureCount, hidden: Array(repeating: neurons, count: layers), outputs: 1,
                              activation: activation, outputActivation: .sigmoid, initializer: initializer, generator: &generator)
        let optimizer = SGD(parameters: net.parameters, learningRate: learningRate)
        let recorder = GradientRecorder(model: net)
        let step = CompiledStep(model: net, loss: .binaryCrossEntropy(reduction: .sum), optimizer: optimizer)
        step.checksModelEveryStep = false
        var losses: [Double] = []
        var rows = [Int](repeating: 0, count: batchSize)
        for s in 1 ... steps {
            // The draws of Dataset.randomBatch: rows with replacement, as the seed's random_batch.
            for i in rows.indices { rows[i] = Int.random(in: 0 ..< data.count, using: &generator) }
            if compiled {
                let hidden = recordsUnitHealth ? noGrad { net.forwardKeepingActivations(data.features.gathered(rows: rows)).hidden } : nil
                losses.append(Double(try step(rows: rows, of: data)))
                recorder.record(net, hiddenActivations: hidden)
            } else {
                let batch = data.batch(rows: rows)
                let (output, hidden) = net.forwardKeepingActivations(batch.features)
                let loss = binaryCrossEntropy(output, batch.binaryTargets, reduction: .sum)
                optimizer.zeroGrad()
                loss.backward()
                recorder.record(net, hiddenActivations: recordsUnitHealth ? hidden : nil)
                optimizer.step()
                losses.append(loss.scalar)
            }
            progress?(s)
        }
        let predictions = noGrad { net(data.features) }.scalars.map { $0 >= 0.5 ? 1 : 0 }
        let accuracy = Double(zip(predictions, data.labels).filter { $0 == $1 }.count) / Double(data.count)
        return Result(study: self, trainingAccuracy: accuracy, losses: losses, meanAbsWeightGradients: recorder.meanAbsWeightGradients,
                      layerNames: recorder.layerNames, gradientSteps: recorder.steps, seconds: Date().timeIntervalSince(start))
    }
}
