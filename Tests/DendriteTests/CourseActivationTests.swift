import Foundation
import Testing
@testable import Dendrite
@testable import DendriteExperiments
@testable import DendriteTestSupport

/// The course-style layers: forward(Z) / backward(dLdA) with no graph, against the graph's
/// own gradients; softmax's Jacobian path against its Jacobian-vector product.
struct CourseActivationTests {
    static var Z: Tensor<Double> { Tensor(shape: [3, 4], scalars: [-2.3, -0.7, 0.4, 1.9, 2.6, -1.2, 0.15, -0.45, 0.8, 3.1, -3.3, 0.55]) }
    static var dLdA: Tensor<Double> { Tensor(shape: [3, 4], scalars: [0.5, -1, 0.25, 2, -0.3, 0.7, 1.1, -0.2, 0.9, -0.6, 0.4, 1.3]) }

    @Test("forward stores Z and A; backward equals the graph's gradient", arguments: Activation.allDefaults)
    func scalarActivation(_ activation: Activation) {
        let layer = Course.ScalarActivation<Double>(activation)
        let A = layer.forward(Self.Z)
        #expect(layer.Z == Self.Z && layer.A == A)
        #expect(A == Self.Z.applying(activation))
        let z = Self.Z.requiringGrad()
        (z.applying(activation) * Self.dLdA).sum().backward()
        #expect(layer.backward(Self.dLdA) == z.grad!)
        #expect(!A.requiresGrad && !layer.backward(Self.dLdA).requiresGrad)
    }

    @Test("the named classes: the ReLU example of the course notes")
    func namedClasses() {
        let relu = Course.ReLU<Double>()
        #expect(relu.forward(Tensor([[-1, 5, -3]])).array == [0, 5, 0])
        #expect(relu.derivative().array == [0, 1, 0])
        #expect(relu.backward(Tensor([[2, 3, 4]])).array == [0, 3, 0])
        let sigmoid = Course.Sigmoid<Double>()
        #expect(Swift.abs(sigmoid.forward(Tensor([[2.0]])).scalar - 0.8807970779778823) < 1e-15)
        #expect(Course.Tanh<Float>().activation == .tanh)
        #expect(Course.LeakyReLU<Double>(slope: 0.2).activation == .leakyReLU(slope: 0.2))
        #expect(Course.GELU<Double>(approximate: true).activation == .geluTanh)
        #expect(Course.HardTanh<Double>(min: -2, max: 2).activation == .hardTanh(min: -2, max: 2))
    }

    @Test("softmax backward: the per-sample Jacobian and the Jacobian-vector product agree")
    func softmaxMethods() {
        var rng = SeededGenerator(seed: 21)
        for (n, c) in [(1, 1), (1, 3), (4, 5), (7, 13)] {
            let z = Tensor<Double>.normal([n, c], standardDeviation: 3, using: &rng)
            let g = Tensor<Double>.normal([n, c], using: &rng)
            let softmax = Course.Softmax<Double>()
            let A = softmax.forward(z)
            let slow = softmax.backward(g, method: .jacobian)
            let fast = softmax.backward(g, method: .vectorJacobianProduct)
            #expect(allClose(slow.array, fast.array, atol: 1e-15, rtol: 1e-12), "\(n) x \(c)")
            // … and both equal the graph's gradient through softmax.
            let leaf = z.requiringGrad()
            (Dendrite.softmax(leaf) * g).sum().backward()
            #expect(allClose(fast.array, leaf.grad!.array, atol: 1e-15, rtol: 1e-12))
            #expect(A.rows.allSatisfy { Swift.abs($0.reduce(0, +) - 1) < 1e-14 })
        }
    }

    @Test("softmax Jacobians: diag(a) - a aᵀ, symmetric, rows summing to zero")
    func jacobians() {
        let softmax = Course.Softmax<Double>()
        let A = softmax.forward(Tensor([[2, 1, 0.1]]))
        #expect(allClose(A.array, [0.6590011388859679, 0.2424329707047139, 0.09856589040931818], atol: 1e-15))
        let J = softmax.jacobians()
        #expect(J.shape == [1, 3, 3])
        let a = A.array
        for i in 0 ..< 3 {
            for k in 0 ..< 3 {
                let want = i == k ? a[i] * (1 - a[k]) : -a[i] * a[k]
                #expect(Swift.abs(J[0, i, k] - want) < 1e-16 && J[0, i, k] == J[0, k, i])
            }
            #expect(Swift.abs((0 ..< 3).map { J[0, i, $0] }.reduce(0, +)) < 1e-16)
        }
    }

    @Test("softmax on overflowing logits (1000, 12345) stays finite by both methods")
    func overflow() {
        let softmax = Course.Softmax<Float>()
        let A = softmax.forward(Tensor([[1000, 0, -1000], [12345, 12344, 0]]))
        #expect(A.scalars.allSatisfy { $0.isFinite })
        #expect(allClose(A.array, [1, 0, 0, 0.7310586, 0.26894143, 0], atol: 1e-6))
        let g = Tensor<Float>([[1, 2, 3], [-1, 0.5, 2]])
        let slow = softmax.backward(g, method: .jacobian), fast = softmax.backward(g)
        #expect(slow.scalars.allSatisfy { $0.isFinite } && allClose(slow.array, fast.array, atol: 1e-6))
    }
}
