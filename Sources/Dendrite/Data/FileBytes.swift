import CZlib
import Foundation

/// Reads a whole file, decompressing it when it is gzip (zlib reads plain files unchanged).
///
/// - Throws: ``DataError`` when the file is missing, unreadable, or a truncated or corrupt
///   gzip stream.
public func readPossiblyCompressedFile(_ path: String) throws(DataError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw DataError(file: path, "no such file")
    }
    guard !isDirectory.boolValue else { throw DataError(file: path, "is a directory, not a data file") }
    guard let handle = gzopen(path, "rb") else {
        throw DataError(file: path, "cannot be opened for reading")
    }
    defer { gzclose(handle) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = gzread(handle, &chunk, UInt32(chunk.count))
        if n < 0 {
            var code: Int32 = 0
            let message = gzerror(handle, &code).map { String(cString: $0) } ?? "read error"
            throw DataError(file: path, location: "after \(bytes.count) decompressed bytes", "gzip stream is corrupt: \(message)")
        }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0 ..< Int(n)])
    }
    // zlib reports a gzip stream cut short as a clean end of file with an error set.
    var code: Int32 = 0
    let message = gzerror(handle, &code).map { String(cString: $0) } ?? ""
    if code != Z_OK && code != Z_STREAM_END {
        throw DataError(file: path, location: "after \(bytes.count) decompressed bytes", "gzip stream is truncated or corrupt: \(message)")
    }
    return bytes
}
