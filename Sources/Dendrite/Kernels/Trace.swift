import Foundation

// The recorder behind compiled steps: while a step runs eagerly under a trace, every kernel
// call on tensors is also written down as an ``Instruction`` over slots. A slot is a buffer,
// known by its storage address; the trace keeps every buffer it has seen alive, so that no
// address is reused while it records.

/// The task-local trace of the step being compiled, if any.
enum Tracing {
    /// Holds the trace for the task-local (a trace is used by one task only).
    final class Box: @unchecked Sendable {
        let trace: AnyObject
        /// The thread that traces: kernel calls from any other (a task started inside the
        /// step) are refused, not recorded concurrently.
        let thread = pthread_self()
        init(_ trace: AnyObject) { self.trace = trace }
    }

    @TaskLocal static var box: Box?

    static var current: AnyObject? {
        guard let box else { return nil }
        if pthread_equal(box.thread, pthread_self()) == 0 {
            (box.trace as? any TraceRefusal)?.refuse("a kernel ran on another thread during the traced step")
            return nil
        }
        return box.trace
    }

    /// Whether a step is being traced on this task.
    static var isActive: Bool { box != nil }

    /// Runs `body` with `trace` recording its kernel calls.
    static func recording<R>(into trace: AnyObject, _ body: () throws -> R) rethrows -> R {
        try $box.withValue(Box(trace), operation: body)
    }

    /// Stops the trace with `reason`: something in the step cannot be replayed as kernel calls.
    static func refuse(_ reason: @autoclosure () -> String) {
        (current as? any TraceRefusal)?.refuse(reason())
    }
}

protocol TraceRefusal: AnyObject {
    func refuse(_ reason: String)
}

/// Where a slot's contents come from.
enum SlotOrigin<Scalar: KernelScalar> {
    /// Written by an instruction of the plan.
    case produced
    /// A tensor the model owns (a parameter, a buffer) or a parameter's gradient: bound to
    /// its storage before every replay.
    case external(Int)
    /// The batch: features, targets, labels.
    case input(Int)
    /// Values fixed when the step was traced.
    case constant([Scalar])
    case constantIndex([Int64])
    case constantLabels([Int32])
}

struct SlotInfo<Scalar: KernelScalar> {
    var origin: SlotOrigin<Scalar>
    /// Size in bytes.
    var bytes: Int
}

final class KernelTrace<Scalar: KernelScalar>: TraceRefusal {
    private(set) var slots: [SlotInfo<Scalar>] = []
    private var slotOf: [UnsafeRawPointer: SlotID] = [:]
    private var keepAlive: [Any] = []
    private(set) var instructions: [Instruction] = []
    /// The functions behind `.callback` instructions.
    private(set) var callbacks: [(Int64, UnsafeMutablePointer<Scalar>) -> Void] = []
    /// Why the step cannot be compiled; the first reason found.
    private(set) var refusal: String?

    func refuse(_ reason: String) {
        if refusal == nil { refusal = reason }
    }

    // MARK: Slots

    private func newSlot(_ origin: SlotOrigin<Scalar>, bytes: Int, address: UnsafeRawPointer?, keeping object: Any?) -> SlotID {
        let id = SlotID(slots.count)
        slots.append(SlotInfo(origin: origin, bytes: bytes))
        if let address { slotOf[address] = id }
        if let object { keepAlive.append(object) }
        return id
    }

    private static func address(_ t: Tensor<Scalar>) -> UnsafeRawPointer? {
        t.reading { $0.map(UnsafeRawPointer.init) }
    }

    /// Registers a tensor the model owns, or the batch, before the step runs.
    func register(_ t: Tensor<Scalar>, as origin: SlotOrigin<Scalar>) -> SlotID {
        newSlot(origin, bytes: t.count * MemoryLayout<Scalar>.stride, address: Self.address(t), keeping: t.scalars)
    }

    /// Registers the labels of the batch (read by the cross-entropy kernels as Int32).
    func registerLabels(_ labels: [Int], input: Int) -> SlotID {
        let address = labels.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
        return newSlot(.input(input), bytes: labels.count * MemoryLayout<Int32>.stride, address: address, keeping: labels)
    }

    /// A slot for a fresh external buffer with no tensor yet (a parameter's gradient).
    func external(_ index: Int, count: Int) -> SlotID {
        newSlot(.external(index), bytes: count * MemoryLayout<Scalar>.stride, address: nil, keeping: nil)
    }

    /// The slot of a tensor an instruction reads: a known buffer, or a constant taken now.
    func read(_ t: Tensor<Scalar>) -> SlotID {
        guard t.count > 0 else { refuse("an empty tensor takes part in the step"); return -1 }
        let address = Self.address(t)
        if let address, let id = slotOf[address] { return id }
        return newSlot(.constant(Array(t.scalars)), bytes: t.count * MemoryLayout<Scalar>.stride, address: address, keeping: t.scalars)
    }

    /// The slot of a tensor an instruction writes. A buffer that already held values the
    /// trace did not produce (zeros made in Swift, say) is first filled with them again.
    func write(_ t: Tensor<Scalar>) -> SlotID {
        guard t.count > 0 else { refuse("an empty tensor takes part in the step"); return -1 }
        let bytes = t.count * MemoryLayout<Scalar>.stride
        guard let address = Self.address(t) else { refuse("a tensor without storage is written"); return -1 }
        guard let id = slotOf[address] else { return newSlot(.produced, bytes: bytes, address: address, keeping: t.scalars) }
        switch slots[Int(id)].origin {
        case .produced:
            return id
        case .constant(let values):
            // Earlier instructions keep reading the constant; from here on the buffer is a
            // new slot that starts as a copy of it (a fill when every bit is zero).
            let produced = newSlot(.produced, bytes: bytes, address: address, keeping: nil)
            if values.allSatisfy({ $0 == 0 && $0.sign == .plus }) {
                instructions.append(.fill(count: Int64(values.count), value: 0, out: produced))
            } else {
                instructions.append(.copy(count: Int64(values.count), from: id, to: produced))
            }
            return produced
        default:
            refuse("the step writes into a tensor it did not create (a parameter, a buffer or the batch)")
            return id
        }
    }

    /// The slot of an Int64 index array (a constant of the step).
    func readIndex(_ index: [Int64]) -> SlotID {
        newSlot(.constantIndex(index), bytes: index.count * 8, address: nil, keeping: nil)
    }

    /// The slot of integer labels: the batch's labels, or a constant.
    func readLabels(_ labels: [Int]) -> SlotID {
        if let address = labels.withUnsafeBufferPointer({ $0.baseAddress.map(UnsafeRawPointer.init) }), let id = slotOf[address] { return id }
        return newSlot(.constantLabels(labels.map(Int32.init)), bytes: labels.count * 4, address: nil, keeping: nil)
    }

    /// The slot of `t` if the trace has seen its buffer.
    func slot(of t: Tensor<Scalar>) -> SlotID? {
        Self.address(t).flatMap { slotOf[$0] }
    }

    func origin(_ id: SlotID) -> SlotOrigin<Scalar> { slots[Int(id)].origin }

    /// Makes a produced slot live in external memory instead of the arena.
    func bindExternally(_ id: SlotID, to index: Int) {
        slots[Int(id)].origin = .external(index)
    }

    // MARK: Instructions

    func append(_ instruction: Instruction) { instructions.append(instruction) }

    func appendCallback(count: Int, out: SlotID, _ body: @escaping (Int64, UnsafeMutablePointer<Scalar>) -> Void) {
        callbacks.append(body)
        instructions.append(.callback(index: Int32(callbacks.count - 1), count: Int64(count), out: out))
    }

    /// Lets go of the buffers seen while tracing.
    func releaseBuffers() { keepAlive = []; slotOf = [:] }
}

extension Tensor {
    /// The trace recording this task's kernel calls in this precision, if any.
    static var trace: KernelTrace<Scalar>? { Tracing.current as? KernelTrace<Scalar> }

    /// Records a kernel call when a step is being traced. `make` reads its inputs' slots
    /// before its outputs' (Swift evaluates arguments left to right).
    @inline(__always)
    static func record(_ make: (KernelTrace<Scalar>) -> Instruction) {
        guard let trace = Self.trace else {
            if Tracing.isActive { Tracing.refuse("the step computes in two precisions; a compiled step replays one") }
            return
        }
        trace.append(make(trace))
    }

    /// A tensor of `shape` whose elements `next()` draws in order (a dropout mask). In a
    /// traced step the draw happens again at every replay, into the plan's buffer.
    static func drawn(_ shape: [Int], _ next: @escaping () -> Scalar) -> Tensor {
        // One fill for the eager step and for every replay: the same draws in the same order.
        let fill: (Int64, UnsafeMutablePointer<Scalar>) -> Void = { count, out in
            for i in 0 ..< Int(count) { out[i] = next() }
        }
        let result = filled(shape) { fill(Int64(shape.reduce(1, *)), $0!) }
        if let trace { trace.appendCallback(count: result.count, out: trace.write(result), fill) }
        return result
    }
}
