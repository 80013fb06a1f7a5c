// libFuzzer target: the IDX reader on raw or gzip-compressed bytes (scripts/fuzz idx).
import Dendrite

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let array = try? IDXArray(bytes: bytes, file: "fuzz.idx") {
        precondition(array.bytes.count == array.shape.reduce(1, *), "shape \(array.shape) does not fit \(array.bytes.count) bytes")
    }
    return 0
}
