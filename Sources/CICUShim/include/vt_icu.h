/* The only header of vocabtool that stands between Swift and ICU.
 * It includes nothing but <stdint.h>: Swift modules that import Foundation must never see
 * ICU's own headers (Foundation carries a different ICU). All text crosses as UTF-8 bytes. */
#ifndef VT_ICU_H
#define VT_ICU_H
#include <stdint.h>

/* Unicode normalization forms for vt_normalize. */
enum { VT_NFC = 0, VT_NFD = 1, VT_NFKC = 2, VT_NFKD = 3 };

/* Normalizes UTF-8 `src[0..<len]` into `dst` (capacity `cap` bytes).
 * Returns the number of bytes of the result (which may exceed `cap`: call again with a larger
 * buffer), or -1 when ICU fails (invalid input). */
int32_t vt_normalize(int32_t form, const uint8_t *src, int32_t len, uint8_t *dst, int32_t cap);

/* ICU general category (UCharCategory: 0 unassigned, 1 Lu, 2 Ll, 3 Lt, 4 Lm, 5 Lo, 6 Mn, 7 Me,
 * 8 Mc, 9 Nd, 10 Nl, 11 No, 12 Zs, 13 Zl, 14 Zp, 15 Cc, 16 Cf, 17 Co, 18 Cs, 19 Pd, 20 Ps, 21 Pe,
 * 22 Pc, 23 Po, 24 Sm, 25 Sc, 26 Sk, 27 So, 28 Pi, 29 Pf). */
int32_t vt_char_type(uint32_t cp);

/* 1 when the code point has the White_Space property. */
int32_t vt_is_white_space(uint32_t cp);

/* ICU script code (UScriptCode) of a code point; 0 Common, 1 Inherited. */
int32_t vt_script(uint32_t cp);

/* Writes the ISO 15924 short name of a script code (e.g. "Latn") NUL-terminated into `buf`;
 * returns its length, or -1. */
int32_t vt_script_short_name(int32_t script, char *buf, int32_t cap);

/* Script code of an ISO 15924 name ("Latn", "Cyrl"...); -1 when unknown. */
int32_t vt_script_from_name(const char *name);

/* Full lowercase mapping of one code point without context (root locale), as UTF-8.
 * Returns the byte count written, or -1. */
int32_t vt_lowercase_cp(uint32_t cp, uint8_t *dst, int32_t cap);

/* Simple case folding of one code point. */
uint32_t vt_fold_case(uint32_t cp);

/* Unicode character name (e.g. "LATIN SMALL LETTER A") NUL-terminated; returns its length
 * (0 when the code point has no name). */
int32_t vt_char_name(uint32_t cp, char *buf, int32_t cap);

/* Canonical (kind 0) or compatibility (kind 1) decomposition mapping of one code point, one level
 * (not recursive), as UTF-8. Returns the byte count, 0 when it has none, -1 on error. */
int32_t vt_decomposition(uint32_t cp, int32_t kind, uint8_t *dst, int32_t cap);

/* What a code point's Grapheme_Cluster_Break value (ICU's data) allows, as bits:
 * VT_GRAPHEME_STARTS: Other, Control, LF, LV or LVT, and not Extended_Pictographic;
 * VT_GRAPHEME_JOINS_NEXT: Prepend, CR or L;
 * VT_GRAPHEME_EXTENDS: Extend or ZWJ;
 * VT_GRAPHEME_LETTER: a letter (general category L), which ICU's Indic conjunct rule may join
 * to a preceding virama. */
enum { VT_GRAPHEME_STARTS = 1, VT_GRAPHEME_JOINS_NEXT = 2, VT_GRAPHEME_EXTENDS = 4, VT_GRAPHEME_LETTER = 8 };
int32_t vt_grapheme_flags(uint32_t cp);

/* Break iteration kinds for vt_breaks. */
enum { VT_BREAK_CHARACTER = 0, VT_BREAK_WORD = 1 };

/* Finds the boundaries of UTF-8 text for the given break kind (ICU root rules; word breaking
 * is dictionary-based for Thai, Lao, Khmer, Myanmar, Chinese and Japanese).
 * Writes up to `cap` boundary byte offsets (the first is 0, the last is `len`) into `offsets`
 * and, for word breaks, the rule status of the segment ending at each boundary into `status`
 * (may be NULL): 0 none (spaces, punctuation), 100 number, 200 letter, 300 kana, 400 ideograph.
 * Returns the number of boundaries (which may exceed `cap`: call again), or -1 on error. */
int32_t vt_breaks(int32_t kind, const uint8_t *text, int32_t len, int32_t *offsets, int32_t *status,
                  int32_t cap);

/* An ICU transliterator (e.g. "Han-Latin"), opened once and used from one thread at a time. */
typedef struct vt_translit vt_translit;

/* Opens a transliterator by ICU id; NULL when the id is unknown. */
vt_translit *vt_translit_open(const char *id);
void vt_translit_close(vt_translit *t);

/* Transliterates UTF-8 `src` into `dst`; returns the byte count of the result (which may exceed
 * `cap`: call again), or -1. */
int32_t vt_translit_utf8(vt_translit *t, const uint8_t *src, int32_t len, uint8_t *dst, int32_t cap);

/* A reusable break iterator (opening one per call is slow), used from one thread at a time. */
typedef struct vt_breaker vt_breaker;

/* Opens a break iterator of the given kind (VT_BREAK_CHARACTER or VT_BREAK_WORD); NULL on error. */
vt_breaker *vt_breaker_open(int32_t kind);
void vt_breaker_close(vt_breaker *b);

/* Same contract as vt_breaks, reusing the iterator `b`. */
int32_t vt_breaker_breaks(vt_breaker *b, const uint8_t *text, int32_t len, int32_t *offsets, int32_t *status,
                          int32_t cap);

/* A compiled ICU regular expression, shared read-only between threads. */
typedef struct vt_regex vt_regex;

/* Compiles a UTF-8 ICU regular expression. Returns NULL on a syntax error (with the offset
 * ICU reports, in UTF-16 units of the pattern, stored in *error_offset when not NULL). */
vt_regex *vt_regex_open(const uint8_t *pattern, int32_t len, int32_t *error_offset);
void vt_regex_close(vt_regex *re);

/* Finds the successive non-overlapping matches of `re` in UTF-8 `text` (ICU's findNext, which
 * steps past empty matches). Writes up to `cap` (start, end) byte-offset pairs into `bounds`
 * (2 * cap ints) and returns the number of matches (which may exceed `cap`: call again), or -1
 * on error. Safe to call from several threads on one `re` (each thread uses its own matcher). */
int32_t vt_regex_find_all(vt_regex *re, const uint8_t *text, int32_t len, int32_t *bounds, int32_t cap);

#endif
