import CZlib

// zlib's inflate, which takes raw pointers: kept here, at the C boundary, with the kernels.

/// The bytes of a data file in memory, decompressed when they start with the gzip magic
/// (0x1f 0x8b), unchanged otherwise; `file` names the source in errors.
///
/// Concatenated gzip members are decompressed one after another (as `gzip -d` does). The
/// output grows as the stream actually inflates, never from a size the stream declares.
/// - Throws: ``DataError`` for a corrupt or truncated stream, or bytes after it that are
///   not another gzip member.
public func decompressIfGzip(_ bytes: [UInt8], file: String) throws(DataError) -> [UInt8] {
    func isGzip(at offset: Int) -> Bool {
        bytes.count - offset >= 2 && bytes[offset] == 0x1F && bytes[offset + 1] == 0x8B
    }
    guard isGzip(at: 0) else { return bytes }
    var output: [UInt8] = []
    var offset = 0
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while offset < bytes.count {
        guard isGzip(at: offset) else {
            throw DataError(file: file, location: "offset \(offset)", "\(bytes.count - offset) bytes after the gzip stream are not a gzip member")
        }
        var stream = z_stream()
        // 16 + 15: a gzip wrapper, the largest window.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(file: file, "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var status: Int32 = Z_OK
        let consumed: Int = bytes.withUnsafeBufferPointer { input in
            chunk.withUnsafeMutableBufferPointer { buffer in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + offset)
                stream.avail_in = uInt(min(input.count - offset, Int(UInt32.max)))
                let start = stream.avail_in
                repeat {
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: buffer[0 ..< buffer.count - Int(stream.avail_out)])
                } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
                return Int(start - stream.avail_in)
            }
        }
        switch status {
        case Z_STREAM_END:
            offset += consumed
        case Z_OK, Z_BUF_ERROR:
            throw DataError(file: file, location: "after \(output.count) decompressed bytes", "gzip stream is truncated: it ends at byte \(bytes.count) before its end marker")
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw DataError(file: file, location: "offset \(offset + consumed), after \(output.count) decompressed bytes", "gzip stream is corrupt: \(message)")
        }
    }
    return output
}
