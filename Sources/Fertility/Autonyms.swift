/// Languages' names for themselves, in their own script, keyed by FLORES code: chart labels.
/// Languages not listed are labelled with a frequent word of their text instead.
enum Autonyms {
    static func name(of lang: String) -> String? { table[lang] }

    private static let table: [String: String] = [
        "afr_Latn": "Afrikaans", "als_Latn": "Shqip", "amh_Ethi": "አማርኛ", "arb_Arab": "العربية",
        "ary_Arab": "الدارجة", "arz_Arab": "مصرى", "asm_Beng": "অসমীয়া", "ast_Latn": "Asturianu",
        "azj_Latn": "Azərbaycanca", "bak_Cyrl": "Башҡортса", "bel_Cyrl": "Беларуская", "ben_Beng": "বাংলা",
        "bho_Deva": "भोजपुरी", "bod_Tibt": "བོད་སྐད", "bos_Latn": "Bosanski", "bul_Cyrl": "Български",
        "cat_Latn": "Català", "ceb_Latn": "Cebuano", "ces_Latn": "Čeština", "ckb_Arab": "کوردی",
        "cym_Latn": "Cymraeg", "dan_Latn": "Dansk", "deu_Latn": "Deutsch", "dzo_Tibt": "རྫོང་ཁ",
        "ell_Grek": "Ελληνικά", "eng_Latn": "English", "epo_Latn": "Esperanto", "est_Latn": "Eesti",
        "eus_Latn": "Euskara", "fao_Latn": "Føroyskt", "fin_Latn": "Suomi", "fra_Latn": "Français",
        "fur_Latn": "Furlan", "gla_Latn": "Gàidhlig", "gle_Latn": "Gaeilge", "glg_Latn": "Galego",
        "grn_Latn": "Avañeʼẽ", "guj_Gujr": "ગુજરાતી", "hat_Latn": "Kreyòl ayisyen", "hau_Latn": "Hausa",
        "heb_Hebr": "עברית", "hin_Deva": "हिन्दी", "hrv_Latn": "Hrvatski", "hun_Latn": "Magyar",
        "hye_Armn": "Հայերեն", "ibo_Latn": "Igbo", "ind_Latn": "Bahasa Indonesia", "isl_Latn": "Íslenska",
        "ita_Latn": "Italiano", "jav_Latn": "Basa Jawa", "jpn_Jpan": "日本語", "kan_Knda": "ಕನ್ನಡ",
        "kat_Geor": "ქართული", "kaz_Cyrl": "Қазақша", "khk_Cyrl": "Монгол", "khm_Khmr": "ភាសាខ្មែរ",
        "kin_Latn": "Ikinyarwanda", "kir_Cyrl": "Кыргызча", "kmr_Latn": "Kurmancî", "kor_Hang": "한국어",
        "lao_Laoo": "ພາສາລາວ", "lit_Latn": "Lietuvių", "ltz_Latn": "Lëtzebuergesch", "lvs_Latn": "Latviešu",
        "mai_Deva": "मैथिली", "mal_Mlym": "മലയാളം", "mar_Deva": "मराठी", "mkd_Cyrl": "Македонски",
        "mlt_Latn": "Malti", "mri_Latn": "Māori", "mya_Mymr": "မြန်မာ", "nld_Latn": "Nederlands",
        "nno_Latn": "Nynorsk", "nob_Latn": "Bokmål", "npi_Deva": "नेपाली", "nqo_Nkoo": "ߒߞߏ",
        "nya_Latn": "Chichewa", "oci_Latn": "Occitan", "ory_Orya": "ଓଡ଼ିଆ", "pan_Guru": "ਪੰਜਾਬੀ",
        "pbt_Arab": "پښتو", "pes_Arab": "فارسی", "prs_Arab": "دری", "pol_Latn": "Polski",
        "por_Latn": "Português", "ron_Latn": "Română", "rus_Cyrl": "Русский", "san_Deva": "संस्कृतम्",
        "sat_Olck": "ᱥᱟᱱᱛᱟᱲᱤ", "sin_Sinh": "සිංහල", "slk_Latn": "Slovenčina", "slv_Latn": "Slovenščina",
        "smo_Latn": "Gagana Samoa", "sna_Latn": "chiShona", "snd_Arab": "سنڌي", "som_Latn": "Soomaali",
        "spa_Latn": "Español", "srp_Cyrl": "Српски", "sun_Latn": "Basa Sunda", "swe_Latn": "Svenska",
        "swh_Latn": "Kiswahili", "tam_Taml": "தமிழ்", "tat_Cyrl": "Татарча", "tel_Telu": "తెలుగు",
        "tgk_Cyrl": "Тоҷикӣ", "tgl_Latn": "Tagalog", "tha_Thai": "ไทย", "tir_Ethi": "ትግርኛ",
        "tuk_Latn": "Türkmençe", "tur_Latn": "Türkçe", "tzm_Tfng": "ⵜⴰⵎⴰⵣⵉⵖⵜ", "uig_Arab": "ئۇيغۇرچە",
        "ukr_Cyrl": "Українська", "urd_Arab": "اردو", "uzn_Latn": "Oʻzbekcha", "vie_Latn": "Tiếng Việt",
        "xho_Latn": "isiXhosa", "ydd_Hebr": "ייִדיש", "yor_Latn": "Yorùbá", "yue_Hant": "粵語",
        "zho_Hans": "中文", "zho_Hant": "中文", "zsm_Latn": "Bahasa Melayu", "zul_Latn": "isiZulu",
    ]
}
