#include "vt_icu.h"
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>

/* UTF-8 -> UTF-16 into a malloc'ed buffer; returns NULL on error. */
static UChar *to_utf16(const uint8_t *src, int32_t len, int32_t *out_len) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t need = 0;
    u_strFromUTF8(NULL, 0, &need, (const char *)src, len, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return NULL;
    UChar *buf = (UChar *)malloc(sizeof(UChar) * (size_t)(need + 1));
    if (!buf) return NULL;
    err = U_ZERO_ERROR;
    u_strFromUTF8(buf, need + 1, out_len, (const char *)src, len, &err);
    if (U_FAILURE(err)) { free(buf); return NULL; }
    return buf;
}

/* UTF-16 -> UTF-8 into dst; returns the needed byte count or -1. */
static int32_t to_utf8(const UChar *src, int32_t len, uint8_t *dst, int32_t cap) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t need = 0;
    u_strToUTF8((char *)dst, cap, &need, src, len, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR || err == U_STRING_NOT_TERMINATED_WARNING) return need;
    if (U_FAILURE(err)) return -1;
    return need;
}

int32_t vt_normalize(int32_t form, const uint8_t *src, int32_t len, uint8_t *dst, int32_t cap) {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n;
    switch (form) {
    case VT_NFC: n = unorm2_getNFCInstance(&err); break;
    case VT_NFD: n = unorm2_getNFDInstance(&err); break;
    case VT_NFKC: n = unorm2_getNFKCInstance(&err); break;
    default: n = unorm2_getNFKDInstance(&err); break;
    }
    if (U_FAILURE(err)) return -1;
    int32_t ulen = 0;
    UChar *u = to_utf16(src, len, &ulen);
    if (!u) return -1;
    int32_t cap16 = ulen * 4 + 16;
    UChar *out = (UChar *)malloc(sizeof(UChar) * (size_t)cap16);
    if (!out) { free(u); return -1; }
    int32_t olen = unorm2_normalize(n, u, ulen, out, cap16, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) {
        free(out);
        cap16 = olen + 1;
        out = (UChar *)malloc(sizeof(UChar) * (size_t)cap16);
        if (!out) { free(u); return -1; }
        err = U_ZERO_ERROR;
        olen = unorm2_normalize(n, u, ulen, out, cap16, &err);
    }
    free(u);
    if (U_FAILURE(err)) { free(out); return -1; }
    int32_t r = to_utf8(out, olen, dst, cap);
    free(out);
    return r;
}

int32_t vt_char_type(uint32_t cp) { return (int32_t)u_charType((UChar32)cp); }

int32_t vt_is_white_space(uint32_t cp) { return u_isUWhiteSpace((UChar32)cp) ? 1 : 0; }

int32_t vt_grapheme_flags(uint32_t cp) {
    int32_t gcb = u_getIntPropertyValue((UChar32)cp, UCHAR_GRAPHEME_CLUSTER_BREAK);
    int32_t flags = 0;
    switch (gcb) {
    case U_GCB_OTHER: case U_GCB_CONTROL: case U_GCB_LF: case U_GCB_LV: case U_GCB_LVT:
        if (!u_hasBinaryProperty((UChar32)cp, UCHAR_EXTENDED_PICTOGRAPHIC)) flags |= VT_GRAPHEME_STARTS;
        break;
    case U_GCB_PREPEND: case U_GCB_CR: case U_GCB_L:
        flags |= VT_GRAPHEME_JOINS_NEXT;
        break;
    case U_GCB_EXTEND: case U_GCB_ZWJ:
        flags |= VT_GRAPHEME_EXTENDS;
        break;
    default:
        break;
    }
    if (U_GET_GC_MASK((UChar32)cp) & U_GC_L_MASK) flags |= VT_GRAPHEME_LETTER;
    return flags;
}

int32_t vt_script(uint32_t cp) {
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript((UChar32)cp, &err);
    return U_FAILURE(err) ? -1 : (int32_t)s;
}

int32_t vt_script_short_name(int32_t script, char *buf, int32_t cap) {
    const char *name = uscript_getShortName((UScriptCode)script);
    if (!name) return -1;
    int32_t n = (int32_t)strlen(name);
    if (n + 1 > cap) return -1;
    memcpy(buf, name, (size_t)n + 1);
    return n;
}

int32_t vt_script_from_name(const char *name) {
    UScriptCode codes[4];
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = uscript_getCode(name, codes, 4, &err);
    if (U_FAILURE(err) || n < 1) return -1;
    return (int32_t)codes[0];
}

int32_t vt_lowercase_cp(uint32_t cp, uint8_t *dst, int32_t cap) {
    UChar src[2];
    int32_t slen = 0;
    UBool bad = 0;
    U16_APPEND((UChar *)src, slen, 2, (UChar32)cp, bad);
    if (bad) return -1;
    UChar out[8];
    UErrorCode err = U_ZERO_ERROR;
    int32_t olen = u_strToLower(out, 8, src, slen, "", &err);
    if (U_FAILURE(err)) return -1;
    return to_utf8(out, olen, dst, cap);
}

uint32_t vt_fold_case(uint32_t cp) { return (uint32_t)u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT); }

int32_t vt_char_name(uint32_t cp, char *buf, int32_t cap) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = u_charName((UChar32)cp, U_UNICODE_CHAR_NAME, buf, cap, &err);
    if (U_FAILURE(err)) return 0;
    return n;
}

int32_t vt_decomposition(uint32_t cp, int32_t kind, uint8_t *dst, int32_t cap) {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n = kind == 0 ? unorm2_getNFCInstance(&err) : unorm2_getNFKCInstance(&err);
    if (U_FAILURE(err)) return -1;
    UChar out[32];
    int32_t olen = unorm2_getRawDecomposition(n, (UChar32)cp, out, 32, &err);
    if (U_FAILURE(err) || olen < 0) return 0;
    return to_utf8(out, olen, dst, cap);
}

int32_t vt_breaks(int32_t kind, const uint8_t *text, int32_t len, int32_t *offsets, int32_t *status,
                  int32_t cap) {
    UErrorCode err = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, (const char *)text, len, &err);
    if (U_FAILURE(err)) return -1;
    UBreakIterator *bi = ubrk_open(kind == VT_BREAK_WORD ? UBRK_WORD : UBRK_CHARACTER, "", NULL, 0, &err);
    if (U_FAILURE(err)) { utext_close(ut); return -1; }
    ubrk_setUText(bi, ut, &err);
    if (U_FAILURE(err)) { ubrk_close(bi); utext_close(ut); return -1; }
    int32_t count = 0;
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
        if (count < cap) {
            offsets[count] = b; /* UTF-8 UText: indices are byte offsets */
            if (status) status[count] = kind == VT_BREAK_WORD ? ubrk_getRuleStatus(bi) : 0;
        }
        count++;
    }
    ubrk_close(bi);
    utext_close(ut);
    return count;
}

struct vt_translit { UTransliterator *t; };

vt_translit *vt_translit_open(const char *id) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t ulen = 0;
    UChar *uid = to_utf16((const uint8_t *)id, (int32_t)strlen(id), &ulen);
    if (!uid) return NULL;
    UTransliterator *t = utrans_openU(uid, ulen, UTRANS_FORWARD, NULL, 0, NULL, &err);
    free(uid);
    if (U_FAILURE(err) || !t) return NULL;
    vt_translit *r = (vt_translit *)malloc(sizeof(vt_translit));
    if (!r) { utrans_close(t); return NULL; }
    r->t = t;
    return r;
}

void vt_translit_close(vt_translit *t) {
    if (!t) return;
    utrans_close(t->t);
    free(t);
}

int32_t vt_translit_utf8(vt_translit *t, const uint8_t *src, int32_t len, uint8_t *dst, int32_t cap) {
    int32_t ulen = 0;
    UChar *u = to_utf16(src, len, &ulen);
    if (!u) return -1;
    int32_t cap16 = ulen * 4 + 64;
    UChar *buf = (UChar *)realloc(u, sizeof(UChar) * (size_t)cap16);
    if (!buf) { free(u); return -1; }
    int32_t textLen = ulen, limit = ulen;
    UErrorCode err = U_ZERO_ERROR;
    utrans_transUChars(t->t, buf, &textLen, cap16, 0, &limit, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) {
        /* retry with the exact size ICU asked for */
        free(buf);
        u = to_utf16(src, len, &ulen);
        if (!u) return -1;
        cap16 = textLen + 1;
        buf = (UChar *)realloc(u, sizeof(UChar) * (size_t)cap16);
        if (!buf) { free(u); return -1; }
        textLen = ulen; limit = ulen; err = U_ZERO_ERROR;
        utrans_transUChars(t->t, buf, &textLen, cap16, 0, &limit, &err);
    }
    if (U_FAILURE(err)) { free(buf); return -1; }
    int32_t r = to_utf8(buf, textLen, dst, cap);
    free(buf);
    return r;
}

/* ---- regular expressions ---- */
static const UChar empty_uchar_vt = 0;
#include <unicode/uregex.h>

struct vt_regex {
    URegularExpression *pattern;
    uint64_t serial;
};

static uint64_t vt_regex_next_serial = 1;

vt_regex *vt_regex_open(const uint8_t *pattern, int32_t len, int32_t *error_offset) {
    UErrorCode err = U_ZERO_ERROR;
    UParseError pe;
    int32_t ulen = 0;
    UChar *u = to_utf16(pattern, len, &ulen);
    if (!u) { if (error_offset) *error_offset = 0; return NULL; }
    URegularExpression *re = uregex_open(u, ulen, 0, &pe, &err);
    free(u);
    if (U_FAILURE(err) || !re) {
        if (error_offset) *error_offset = pe.offset;
        return NULL;
    }
    vt_regex *r = (vt_regex *)malloc(sizeof(vt_regex));
    if (!r) { uregex_close(re); return NULL; }
    r->pattern = re;
    r->serial = __atomic_fetch_add(&vt_regex_next_serial, 1, __ATOMIC_RELAXED);
    return r;
}

void vt_regex_close(vt_regex *re) {
    if (!re) return;
    uregex_close(re->pattern);
    free(re);
}

/* Each thread keeps matchers (clones) of the last few patterns it used. */
#define VT_REGEX_CACHE 8
static _Thread_local URegularExpression *vt_regex_matchers[VT_REGEX_CACHE];
static _Thread_local uint64_t vt_regex_serials[VT_REGEX_CACHE];
static _Thread_local int32_t vt_regex_next_slot = 0;

static URegularExpression *vt_regex_matcher_for(vt_regex *re) {
    for (int i = 0; i < VT_REGEX_CACHE; i++)
        if (vt_regex_serials[i] == re->serial && vt_regex_matchers[i]) return vt_regex_matchers[i];
    int slot = vt_regex_next_slot;
    vt_regex_next_slot = (slot + 1) % VT_REGEX_CACHE;
    if (vt_regex_matchers[slot]) uregex_close(vt_regex_matchers[slot]);
    UErrorCode err = U_ZERO_ERROR;
    vt_regex_matchers[slot] = uregex_clone(re->pattern, &err);
    if (U_FAILURE(err)) {
        if (vt_regex_matchers[slot]) uregex_close(vt_regex_matchers[slot]);
        vt_regex_matchers[slot] = NULL;
        vt_regex_serials[slot] = 0;
        return NULL;
    }
    vt_regex_serials[slot] = re->serial;
    return vt_regex_matchers[slot];
}

int32_t vt_regex_find_all(vt_regex *re, const uint8_t *text, int32_t len, int32_t *bounds, int32_t cap) {
    UErrorCode err = U_ZERO_ERROR;
    URegularExpression *m = vt_regex_matcher_for(re);
    if (!m) return -1;
    UText ut = UTEXT_INITIALIZER;
    static const uint8_t empty = 0;
    utext_openUTF8(&ut, (const char *)(len > 0 ? text : &empty), len, &err);
    if (U_FAILURE(err)) return -1;
    uregex_setUText(m, &ut, &err);
    if (U_FAILURE(err)) { utext_close(&ut); return -1; }
    int32_t count = 0;
    while (uregex_findNext(m, &err)) {
        if (U_FAILURE(err)) break;
        int64_t s = uregex_start64(m, 0, &err);
        int64_t e = uregex_end64(m, 0, &err);
        if (count < cap) { bounds[2 * count] = (int32_t)s; bounds[2 * count + 1] = (int32_t)e; }
        count++;
    }
    /* Detach the text so the matcher holds no pointer into the caller's buffer. */
    UErrorCode err2 = U_ZERO_ERROR;
    uregex_setText(m, &empty_uchar_vt, 0, &err2);
    utext_close(&ut);
    return U_FAILURE(err) ? -1 : count;
}
