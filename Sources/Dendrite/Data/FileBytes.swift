import Foundation

/// Reads a whole file and decompresses it when it is gzip (see ``decompressIfGzip(_:file:)``).
///
/// - Throws: ``DataError`` when the file is missing, unreadable, or a truncated or corrupt
///   gzip stream.
public func readPossiblyCompressedFile(_ path: String) throws(DataError) -> [UInt8] {
    try decompressIfGzip(readFileBytes(path), file: path)
}

/// The bytes of a file, as stored.
/// - Throws: ``DataError`` when the file is missing, a directory or unreadable.
public func readFileBytes(_ path: String) throws(DataError) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw DataError(file: path, "no such file")
    }
    guard !isDirectory.boolValue else { throw DataError(file: path, "is a directory, not a data file") }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw DataError(file: path, "cannot be opened for reading")
    }
    return [UInt8](data)
}
