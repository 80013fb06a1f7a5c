// libFuzzer target: the checkpoint decoder (scripts/fuzz checkpoint).
//
// Each input is decoded as it is, and again with the header's payload length and CRC-32
// made to fit the payload, so that mutations reach the entry parser behind the checksum.
import CZlib
import Dendrite

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? Checkpoint(decoding: bytes)
    guard bytes.count >= 32 else { return 0 }
    let payload = Array(bytes[32...])
    let length = UInt64(payload.count)
    for i in 0 ..< 8 { bytes[16 + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(i))) }
    let crc = payload.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
    for i in 0 ..< 4 { bytes[24 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
    if let checkpoint = try? Checkpoint(decoding: bytes) {
        // What decodes re-encodes to the same bytes.
        precondition(checkpoint.encoded() == bytes, "re-encoding differs")
    }
    return 0
}
