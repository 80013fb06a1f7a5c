import CZlib

/// CRC-32 (IEEE 802.3, as in gzip and PNG), computed by zlib:
/// `CRC32.checksum("123456789".utf8) == 0xCBF43926`.
enum CRC32 {
    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        let bytes = Array(bytes)
        return UInt32(crc32(0, bytes, UInt32(bytes.count)))
    }
}
