/// Language codes as the romanizer uses them: ISO 639-3, with individual languages falling back
/// to their macrolanguage's rules.
enum LanguageCodes {
    /// Individual language -> macrolanguage (ISO 639-3 macrolanguage mappings for the languages
    /// whose macrolanguage has rules of its own).
    private static let macrolanguage: [String: String] = [
        // Arabic
        "arb": "ara", "ary": "ara", "arz": "ara", "acm": "ara", "acq": "ara", "apc": "ara", "ajp": "ara",
        "aeb": "ara", "ars": "ara", "afb": "ara", "ayl": "ara", "apd": "ara", "acw": "ara", "shu": "ara",
        "arq": "ara", "abv": "ara", "ayp": "ara", "ssh": "ara", "pga": "ara", "auz": "ara", "ayh": "ara",
        "ayn": "ara", "acx": "ara", "adf": "ara", "aec": "ara", "avl": "ara", "abh": "ara", "acy": "ara",
        // Persian
        "pes": "fas", "prs": "fas", "tgk": "tgk",
        // Nepali, Yiddish, Mongolian, Pashto, Uzbek, Kurdish, Malay, Chinese, Oriya, Punjabi...
        "npi": "nep", "dty": "nep", "ydd": "yid", "yih": "yid", "khk": "mon", "mvf": "mon",
        "pbt": "pus", "pbu": "pus", "pst": "pus", "uzn": "uzb", "uzs": "uzb",
        "kmr": "kur", "ckb": "kur", "sdh": "kur", "zsm": "msa", "cmn": "zho", "yue": "zho", "wuu": "zho",
        "hak": "zho", "nan": "zho", "gan": "zho", "hsn": "zho", "ory": "ori", "pnb": "pan",
        "swh": "swa", "azb": "aze", "azj": "aze", "ekk": "est", "lvs": "lav", "plt": "mlg", "gaz": "orm",
        "quy": "que", "knc": "kau", "taq": "tmh", "als": "sqi", "fuv": "ful", "twi": "aka",
    ]

    /// Two-letter ISO 639-1 codes of the languages with rules of their own.
    private static let twoLetter: [String: String] = [
        "ru": "rus", "uk": "ukr", "be": "bel", "bg": "bul", "sr": "srp", "mk": "mkd", "kk": "kaz",
        "ky": "kir", "tr": "tur", "el": "ell", "ar": "ara", "fa": "fas", "ur": "urd", "he": "heb",
        "yi": "yid", "hi": "hin", "mr": "mar", "ne": "nep", "bn": "ben", "as": "asm", "pa": "pan",
        "gu": "guj", "ta": "tam", "te": "tel", "kn": "kan", "ml": "mal", "si": "sin", "th": "tha",
        "lo": "lao", "km": "khm", "my": "mya", "bo": "bod", "am": "amh", "ti": "tir", "ka": "kat",
        "hy": "hye", "ko": "kor", "ja": "jpn", "zh": "zho", "de": "deu", "en": "eng", "mn": "mon",
        "sa": "san", "ps": "pus", "ug": "uig", "tt": "tat", "ba": "bak", "tg": "tgk", "ks": "kas",
    ]

    /// The codes rules are matched against for a user's language argument, most specific first:
    /// the code itself (lowercased, without a script or region suffix such as `_Arab` or `-CN`),
    /// its three-letter form, and its macrolanguage. Unknown codes are kept as they are.
    static func candidates(for language: String?) -> [String] {
        guard let language, !language.isEmpty else { return [] }
        var code = String(language.lowercased().prefix { $0 != "_" && $0 != "-" })
        if let long = twoLetter[code] { code = long }
        var result = [code]
        if let macro = macrolanguage[code], macro != code { result.append(macro) }
        return result
    }
}
