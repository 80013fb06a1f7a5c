extension Initializer {
    /// The names ``init(named:)`` accepts.
    public static let validNames = ["xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "pytorch", "zeros"]

    /// An initialiser by name, as on the command line: `xavier_uniform` (alias `glorot_uniform`),
    /// `xavier_normal` (`glorot_normal`), `kaiming_uniform` (`he_uniform`), `kaiming_normal`
    /// (`he_normal`), `pytorch` (PyTorch's default), `zeros`.
    public init?(named text: String) {
        switch text.lowercased().replacingOccurrences(of: "-", with: "_") {
        case "xavier_uniform", "glorot_uniform", "xavier", "glorot": self = .xavierUniform()
        case "xavier_normal", "glorot_normal": self = .xavierNormal()
        case "kaiming_uniform", "he_uniform", "kaiming", "he": self = .kaimingUniform()
        case "kaiming_normal", "he_normal": self = .kaimingNormal()
        case "pytorch", "pytorch_default", "default": self = .pytorchDefault
        case "zeros": self = .zeros
        default: return nil
        }
    }
}
