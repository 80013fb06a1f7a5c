import Foundation

extension JSONEncoder {
    /// Pretty, key-sorted JSON in which NaN and infinities (a diverged loss) are written as
    /// the strings "nan", "inf" and "-inf" instead of failing the whole document.
    public static var dendrite: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}

extension JSONDecoder {
    /// Reads what ``JSONEncoder/dendrite`` writes, including "nan" and "inf".
    public static var dendrite: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
