import Foundation

/// Named tensors in a small, checksummed binary file: a model's parameters and buffers, and
/// optionally an optimizer's state.
///
/// ## Format (version 1)
///
/// All integers are little-endian; offsets are from the start of the file.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 8 | magic `"DNDRCKPT"` |
/// | 8 | 4 | format version (UInt32, 1) |
/// | 12 | 4 | entry count (UInt32) |
/// | 16 | 8 | payload length in bytes (UInt64) |
/// | 24 | 4 | CRC-32 (IEEE, as zlib) of the payload (UInt32) |
/// | 28 | 4 | reserved, 0 |
/// | 32 | … | payload: the entries, one after another |
///
/// Each entry:
///
/// | size | field |
/// |---|---|
/// | 4 | name length *n* (UInt32) |
/// | *n* | name, UTF-8 |
/// | 1 | data type: 1 Float32, 2 Float64, 3 Int64, 4 UTF-8 text |
/// | 1 | rank *r* (≤ 8; 0 for a scalar; text has rank 1, its byte count) |
/// | 8·*r* | dimensions (UInt64 each) |
/// | 8 | data length in bytes (UInt64) = element count × element size |
/// | … | data, row-major, little-endian (IEEE 754 for floats) |
///
/// The file ends right after the payload. Names are unique. A model's tensors are named
/// `model/<dotted name>` (`model/hidden.0.weight`, `model/norm.running_mean`); an
/// optimizer's state lives under `optimizer/`: `optimizer/kind` (text), one Float64 scalar
/// per hyper-parameter `optimizer/hyper/<name>`, `optimizer/parameters` (Int64, the
/// parameter count) and per parameter `optimizer/state/<index>/step` (Int64) and
/// `optimizer/state/<index>/<buffer>`.
///
/// Reading checks the whole file (magic, version, length, checksum, every entry's bounds
/// and sizes) before returning; ``restore(into:optimizer:)`` checks every name and shape
/// before assigning anything. ``write(to:)`` writes atomically (temporary file in the same
/// directory, flushed, renamed). The same description is in `docs/checkpoint-format.md`.
public struct Checkpoint: Equatable {
    /// The first eight bytes of every checkpoint.
    public static let magic: [UInt8] = Array("DNDRCKPT".utf8)
    /// The format version written.
    public static let version: UInt32 = 1
    static let headerSize = 32
    static let maximumRank = 8

    /// The values of an entry.
    public enum Values: Equatable {
        case float32([Float])
        case float64([Double])
        case int64([Int64])
        case text(String)

        var typeCode: UInt8 {
            switch self {
            case .float32: 1
            case .float64: 2
            case .int64: 3
            case .text: 4
            }
        }

        var count: Int {
            switch self {
            case .float32(let v): v.count
            case .float64(let v): v.count
            case .int64(let v): v.count
            case .text(let s): s.utf8.count
            }
        }
    }

    /// One named array.
    public struct Entry: Equatable {
        /// The entry's name, e.g. `model/hidden.0.weight`.
        public var name: String
        /// The dimensions (`[]` for a scalar, `[byte count]` for text).
        public var shape: [Int]
        /// The elements, row-major.
        public var values: Values

        /// - Precondition: the shape's element count matches the values (text: `[byte count]`).
        public init(name: String, shape: [Int], values: Values) {
            precondition(shape.reduce(1, *) == values.count && shape.count <= Checkpoint.maximumRank,
                         "Checkpoint.Entry '\(name)': shape \(shape) does not fit \(values.count) values")
            self.name = name
            self.shape = shape
            self.values = values
        }

        /// A tensor entry, stored in the tensor's precision.
        public init<Scalar: KernelScalar>(name: String, tensor: Tensor<Scalar>) {
            let values: Values = Scalar.self == Float.self
                ? .float32(tensor.scalars.map { Float($0) }) : .float64(tensor.scalars.map { Double($0) })
            self.init(name: name, shape: tensor.shape, values: values)
        }

        /// The values as a tensor of `Scalar` (Float32 and Float64 entries convert), or nil
        /// for integer and text entries.
        public func tensor<Scalar: KernelScalar>(as _: Scalar.Type = Scalar.self) -> Tensor<Scalar>? {
            switch values {
            case .float32(let v): Tensor(shape: shape, scalars: v.map { Scalar($0) })
            case .float64(let v): Tensor(shape: shape, scalars: v.map { Scalar($0) })
            default: nil
            }
        }
    }

    /// The entries, in file order.
    public var entries: [Entry]

    /// A checkpoint of `entries`.
    /// - Precondition: names are unique.
    public init(entries: [Entry]) {
        precondition(Set(entries.map(\.name)).count == entries.count, "Checkpoint: entry names must be unique")
        self.entries = entries
    }

    /// The entry named `name`.
    public subscript(name: String) -> Entry? { entries.first { $0.name == name } }

    // MARK: Encoding

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var payload = ByteWriter()
        for entry in entries {
            let name = Array(entry.name.utf8)
            payload.append(UInt32(name.count))
            payload.append(name)
            payload.append(entry.values.typeCode)
            payload.append(UInt8(entry.shape.count))
            for d in entry.shape { payload.append(UInt64(d)) }
            switch entry.values {
            case .float32(let v):
                payload.append(UInt64(v.count * 4))
                for x in v { payload.append(x.bitPattern) }
            case .float64(let v):
                payload.append(UInt64(v.count * 8))
                for x in v { payload.append(x.bitPattern) }
            case .int64(let v):
                payload.append(UInt64(v.count * 8))
                for x in v { payload.append(UInt64(bitPattern: x)) }
            case .text(let s):
                payload.append(UInt64(s.utf8.count))
                payload.append(Array(s.utf8))
            }
        }
        var file = ByteWriter()
        file.append(Self.magic)
        file.append(Self.version)
        file.append(UInt32(entries.count))
        file.append(UInt64(payload.bytes.count))
        file.append(CRC32.checksum(payload.bytes))
        file.append(UInt32(0))
        file.append(payload.bytes)
        return file.bytes
    }

    /// Writes the checkpoint to `path` atomically: a reader sees the old file or the new
    /// one, never a partial write, and no temporary file is left behind.
    public func write(to path: String) throws(CheckpointError) {
        do {
            try writeAtomically(Data(encoded()), to: path)
        } catch {
            throw .io(path: path, message: "\(error)")
        }
    }

    // MARK: Decoding

    /// Reads and validates a checkpoint file.
    public init(contentsOf path: String) throws(CheckpointError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, message: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        try self.init(decoding: [UInt8](data))
    }

    /// Decodes and validates checkpoint bytes: nothing is returned unless all of it is sound.
    public init(decoding bytes: [UInt8]) throws(CheckpointError) {
        var header = ByteReader(bytes)
        let magic = try header.bytes(8, "the 8-byte magic")
        guard magic == Self.magic else { throw .notACheckpoint(found: magic) }
        let version = try header.uint32("the format version")
        guard version == Self.version else { throw .unsupportedVersion(found: version, supported: Self.version) }
        let count = try header.uint32("the entry count")
        let payloadLength = try header.uint64("the payload length")
        let stored = try header.uint32("the payload checksum")
        let reservedOffset = header.offset
        guard try header.uint32("the reserved field") == 0 else {
            throw .malformed(offset: reservedOffset, message: "the reserved field is not 0")
        }
        let available = bytes.count - Self.headerSize
        guard payloadLength <= UInt64(available) else {
            throw .truncated(offset: bytes.count, expected: "a payload of \(payloadLength) bytes from offset \(Self.headerSize) (the file has \(available))")
        }
        guard payloadLength == UInt64(available) else {
            throw .malformed(offset: Self.headerSize + Int(payloadLength), message: "\(UInt64(available) - payloadLength) bytes follow the payload")
        }
        let computed = CRC32.checksum(bytes[Self.headerSize...])
        guard computed == stored else { throw .checksumMismatch(stored: stored, computed: computed) }

        // The smallest entry (empty name, scalar, no data) takes 14 bytes: a declared count the
        // payload cannot hold is rejected before anything is read or reserved for it.
        let smallestEntry: UInt64 = 4 + 1 + 1 + 8
        guard UInt64(count) * smallestEntry <= payloadLength else {
            throw .malformed(offset: 12, message: "the header declares \(count) entries, at least \(UInt64(count) * smallestEntry) bytes, but the payload holds \(payloadLength)")
        }
        var reader = header
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var names: Set<String> = []
        for index in 0 ..< Int(count) {
            let start = reader.offset
            let nameLength = try reader.uint32("the name length of entry \(index)")
            let nameBytes = try reader.bytes(Int(nameLength), "the \(nameLength)-byte name of entry \(index)")
            guard let name = ByteReader.utf8(nameBytes) else {
                throw .malformed(offset: start + 4, message: "the name of entry \(index) is not UTF-8")
            }
            guard names.insert(name).inserted else { throw .malformed(offset: start, message: "entry '\(name)' appears twice") }
            let typeOffset = reader.offset
            let type = try reader.uint8("the data type of '\(name)'")
            let elementSize: Int
            switch type {
            case 1: elementSize = 4
            case 2, 3: elementSize = 8
            case 4: elementSize = 1
            default: throw .malformed(offset: typeOffset, message: "'\(name)' has unknown data type \(type) (expected 1-4)")
            }
            let rank = Int(try reader.uint8("the rank of '\(name)'"))
            guard rank <= Self.maximumRank else { throw .malformed(offset: typeOffset + 1, message: "'\(name)' has rank \(rank), above \(Self.maximumRank)") }
            var shape: [Int] = []
            var elements = 1
            for d in 0 ..< rank {
                let dimOffset = reader.offset
                let dim = try reader.uint64("dimension \(d) of '\(name)'")
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(clamping: dim))
                guard dim <= UInt64(Int.max), !overflow else {
                    throw .malformed(offset: dimOffset, message: "'\(name)' has an impossible dimension \(dim)")
                }
                shape.append(Int(dim))
                elements = product
            }
            let lengthOffset = reader.offset
            let length = try reader.uint64("the data length of '\(name)'")
            let (expectedLength, overflow) = elements.multipliedReportingOverflow(by: elementSize)
            guard !overflow, length == UInt64(expectedLength) else {
                throw .malformed(offset: lengthOffset, message: "'\(name)' of shape \(shape) needs \(overflow ? "too many" : String(expectedLength)) bytes of data, the entry says \(length)")
            }
            if type == 4 && rank != 1 { throw .malformed(offset: typeOffset + 1, message: "text entry '\(name)' has rank \(rank), expected 1") }
            let dataOffset = reader.offset
            let data = try reader.bytes(expectedLength, "\(expectedLength) bytes of data for '\(name)'")
            let values: Values
            switch type {
            case 1: values = .float32(stride(from: 0, to: data.count, by: 4).map { Float(bitPattern: ByteReader.load(data, $0)) })
            case 2: values = .float64(stride(from: 0, to: data.count, by: 8).map { Double(bitPattern: ByteReader.load(data, $0)) })
            case 3: values = .int64(stride(from: 0, to: data.count, by: 8).map { Int64(bitPattern: ByteReader.load(data, $0)) })
            default:
                guard let text = ByteReader.utf8(data) else {
                    throw .malformed(offset: dataOffset, message: "text entry '\(name)' is not UTF-8")
                }
                values = .text(text)
            }
            entries.append(Entry(name: name, shape: shape, values: values))
        }
        guard reader.offset == bytes.count else {
            throw .malformed(offset: reader.offset, message: "\(bytes.count - reader.offset) bytes follow the last of \(count) entries")
        }
        self.entries = entries
    }
}

/// Little-endian output.
struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func append(_ value: UInt8) { bytes.append(value) }
    mutating func append(_ values: [UInt8]) { bytes += values }
    mutating func append<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: 0, to: T.bitWidth, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }
}

/// Little-endian input that reports where the data ran out.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func bytes(_ count: Int, _ what: String) throws(CheckpointError) -> [UInt8] {
        guard count <= bytes.count - offset else { throw .truncated(offset: bytes.count, expected: "\(what) at offset \(offset)") }
        defer { offset += count }
        return Array(bytes[offset ..< offset + count])
    }

    mutating func uint8(_ what: String) throws(CheckpointError) -> UInt8 { try bytes(1, what)[0] }
    mutating func uint32(_ what: String) throws(CheckpointError) -> UInt32 { Self.load(try bytes(4, what), 0) }
    mutating func uint64(_ what: String) throws(CheckpointError) -> UInt64 { Self.load(try bytes(8, what), 0) }

    /// The text of `bytes` when they are valid UTF-8.
    static func utf8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return Array(text.utf8) == bytes ? text : nil
    }

    /// The little-endian integer at `offset` of `data`.
    static func load<T: FixedWidthInteger>(_ data: [UInt8], _ offset: Int) -> T {
        var value: T = 0
        for i in 0 ..< MemoryLayout<T>.size { value |= T(truncatingIfNeeded: data[offset + i]) << (8 * i) }
        return value
    }
}
