/// Why a checkpoint could not be read, written or loaded. A failed load changes nothing.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read or written.
    case io(path: String, message: String)
    /// The file does not start with the checkpoint magic bytes.
    case notACheckpoint(found: [UInt8])
    /// The file's format version is not one this library reads.
    case unsupportedVersion(found: UInt32, supported: UInt32)
    /// The file ends at `offset`, before `expected`.
    case truncated(offset: Int, expected: String)
    /// The stored checksum does not match the payload: the file was damaged.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// The bytes at `offset` are not what the format allows.
    case malformed(offset: Int, message: String)
    /// The checkpoint's tensors do not fit the model (names or shapes).
    case modelMismatch(ModuleStateError)
    /// The optimizer state is absent or does not fit the optimizer.
    case optimizerMismatch(String)

    public var description: String {
        switch self {
        case let .io(path, message): "checkpoint \(path): \(message)"
        case let .notACheckpoint(found):
            "not a Dendrite checkpoint: the file starts with \(found.map { String($0, radix: 16) }) instead of the magic \"\(String(decoding: Checkpoint.magic, as: UTF8.self))\""
        case let .unsupportedVersion(found, supported): "checkpoint format version \(found) is not supported (this library reads version \(supported))"
        case let .truncated(offset, expected): "checkpoint truncated: the file ends at offset \(offset), expected \(expected)"
        case let .checksumMismatch(stored, computed):
            "checkpoint damaged: the payload's CRC-32 is 0x\(String(computed, radix: 16)) but the header says 0x\(String(stored, radix: 16))"
        case let .malformed(offset, message): "checkpoint malformed at offset \(offset): \(message)"
        case let .modelMismatch(error): "checkpoint does not fit the model: \(error)"
        case let .optimizerMismatch(message): "checkpoint does not fit the optimizer: \(message)"
        }
    }
}
