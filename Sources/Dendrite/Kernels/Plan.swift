// A traced step made runnable: its instructions over one preallocated arena, in which a
// buffer's memory is reused once nothing reads it any more. Running a plan allocates
// nothing and creates no graph: it walks plain instructions and calls the C kernels.

final class Plan<Scalar: KernelScalar> {
    private let instructions: UnsafeMutableBufferPointer<Instruction>
    /// The address of every slot; externals are bound before each run.
    private let address: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let arena: UnsafeMutableRawPointer
    private let callbacks: [(Int64, UnsafeMutablePointer<Scalar>) -> Void]
    /// External index -> its slots (an array: binding runs before every replay).
    private let externals: [[SlotID]]
    /// Input index -> its slot.
    private let inputs: [Int: SlotID]
    private let loss: SlotID
    /// Bytes of the arena: reused buffers, inputs and constants.
    let arenaBytes: Int
    /// Bytes the buffers would take without reuse.
    let unsharedBytes: Int
    var instructionCount: Int { instructions.count }

    /// Lays out the slots of `trace` (produced buffers share memory when their lifetimes do
    /// not overlap; inputs and constants keep their own) and copies the constants in.
    /// - Throws: ``KernelError`` when an instruction would read a buffer before any writes it
    ///   (a step the trace could not follow); nothing is allocated then.
    init(_ trace: KernelTrace<Scalar>, loss: SlotID) throws(KernelError) {
        let slots = trace.slots
        var outputs: Set<SlotID> = [loss]
        for (s, info) in slots.enumerated() { if case .external = info.origin { outputs.insert(SlotID(s)) } }
        let code = fused(trace.instructions, outputs: outputs)
        func rounded(_ bytes: Int) -> Int { (bytes + 63) & ~63 }

        // Lifetimes of produced slots: from the first write to the last read.
        var first = [Int](repeating: -1, count: slots.count), last = [Int](repeating: -1, count: slots.count)
        for (i, instruction) in code.enumerated() {
            let (reads, writes) = instruction.operands
            for s in reads {
                if case .produced = slots[Int(s)].origin, first[Int(s)] < 0 {
                    throw KernelError("compiled step", "instruction \(i) (\(instruction)) reads a buffer no earlier instruction writes")
                }
            }
            for s in writes where first[Int(s)] < 0 { first[Int(s)] = i }
            for s in reads + writes { last[Int(s)] = i }
        }
        last[Int(loss)] = code.count

        // Greedy first fit over the instruction order; a slot's memory is freed only after
        // the instruction of its last use, so no output overlaps an input it is computed from.
        var offsets = [Int](repeating: -1, count: slots.count)
        var free: [(offset: Int, bytes: Int)] = []
        var top = 0
        var dying: [Int: [Int]] = [:]
        var unshared = 0
        for (s, info) in slots.enumerated() {
            guard case .produced = info.origin, first[s] >= 0 else { continue }
            dying[last[s], default: []].append(s)
            unshared += rounded(info.bytes)
        }
        var startingAt: [Int: [Int]] = [:]
        for s in slots.indices where offsets[s] < 0 && first[s] >= 0 {
            if case .produced = slots[s].origin { startingAt[first[s], default: []].append(s) }
        }
        for i in 0 ... code.count {
            for s in startingAt[i] ?? [] {
                let bytes = rounded(slots[s].bytes)
                if let hole = free.indices.filter({ free[$0].bytes >= bytes }).min(by: { free[$0].bytes < free[$1].bytes }) {
                    offsets[s] = free[hole].offset
                    if free[hole].bytes == bytes { free.remove(at: hole) } else { free[hole] = (free[hole].offset + bytes, free[hole].bytes - bytes) }
                } else {
                    offsets[s] = top
                    top += bytes
                }
            }
            for s in dying[i] ?? [] { free.append((offsets[s], rounded(slots[s].bytes))) }
        }
        // Inputs and constants after the shared part.
        for (s, info) in slots.enumerated() {
            switch info.origin {
            case .input, .constant, .constantIndex, .constantLabels:
                offsets[s] = top
                top += rounded(info.bytes)
            default: break
            }
        }
        arenaBytes = max(top, 64)
        unsharedBytes = unshared
        let arena = UnsafeMutableRawPointer.allocate(byteCount: max(top, 64), alignment: 64)
        let address = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: max(slots.count, 1))
        address.initialize(repeating: nil, count: max(slots.count, 1))
        self.arena = arena
        self.address = address
        var externals: [Int: [SlotID]] = [:], inputs: [Int: SlotID] = [:]
        for (s, info) in slots.enumerated() {
            if offsets[s] >= 0 { address[s] = arena + offsets[s] }
            switch info.origin {
            case .external(let index): externals[index, default: []].append(SlotID(s))
            case .input(let index): inputs[index] = SlotID(s)
            case .constant(let values):
                values.withUnsafeBufferPointer { address[s]!.copyMemory(from: $0.baseAddress!, byteCount: info.bytes) }
            case .constantIndex(let values):
                values.withUnsafeBufferPointer { address[s]!.copyMemory(from: $0.baseAddress!, byteCount: info.bytes) }
            case .constantLabels(let values):
                values.withUnsafeBufferPointer { address[s]!.copyMemory(from: $0.baseAddress!, byteCount: info.bytes) }
            case .produced: break
            }
        }
        self.externals = (0 ..< (externals.keys.max().map { $0 + 1 } ?? 0)).map { externals[$0] ?? [] }
        self.inputs = inputs
        self.loss = loss
        callbacks = trace.callbacks
        instructions = .allocate(capacity: code.count)
        _ = instructions.initialize(from: code)
    }

    deinit {
        instructions.deallocate()
        address.deallocate()
        arena.deallocate()
    }

    // MARK: Binding and inputs

    /// Points external `index` at `tensor`'s storage (made unique first, so writes never
    /// reach a copy someone else holds).
    func bind(_ index: Int, to tensor: inout Tensor<Scalar>) {
        guard index < externals.count, !externals[index].isEmpty else { return }
        let slots = externals[index]
        tensor.writing { p in for s in slots { address[Int(s)] = UnsafeMutableRawPointer(p) } }
    }

    /// Copies rows `rows` of the `[n, width]` matrix `data` into input `index`.
    func gather<C: Collection<Int>>(_ index: Int, rows: C, of data: Tensor<Scalar>) {
        guard let s = inputs[index] else { return }
        let out = address[Int(s)]!.assumingMemoryBound(to: Scalar.self)
        let width = data.count / Swift.max(data.shape[0], 1)
        data.reading { x in
            for (r, row) in rows.enumerated() { (out + r * width).update(from: x! + row * width, count: width) }
        }
    }

    /// Writes `labels[row]` for each of `rows` into input `index`: as Int32 labels, or as a
    /// column of values when `asValues`.
    func setLabels<C: Collection<Int>>(_ index: Int, rows: C, of labels: [Int], asValues: Bool) {
        guard let s = inputs[index] else { return }
        if asValues {
            let out = address[Int(s)]!.assumingMemoryBound(to: Scalar.self)
            for (r, row) in rows.enumerated() { out[r] = Scalar(labels[row]) }
        } else {
            let out = address[Int(s)]!.assumingMemoryBound(to: Int32.self)
            for (r, row) in rows.enumerated() { out[r] = Int32(labels[row]) }
        }
    }

    // MARK: Running

    /// Runs every instruction in order.
    func run() {
        let address = UnsafePointer(self.address)
        let callbacks = self.callbacks
        for instruction in instructions {
            instruction.execute(Scalar.self, address) { index, count, out in callbacks[Int(index)](count, out) }
        }
    }

    /// The loss the last run computed.
    var lossValue: Scalar { address[Int(loss)]!.assumingMemoryBound(to: Scalar.self).pointee }
}
