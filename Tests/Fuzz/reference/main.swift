// libFuzzer target: the `dendrite bench --reference` JSON reader (scripts/fuzz reference);
// scripts/fuzz compiles Sources/DendriteCLI/ReferenceDocument.swift into it.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let document = try? ReferenceDocument(decoding: bytes, file: "fuzz.json") {
        _ = document.timings
    }
    return 0
}
