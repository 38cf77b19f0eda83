#include "vt_icu.h"
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

struct vt_breaker {
    UBreakIterator *bi;
    UText ut;
    int32_t kind;
};

vt_breaker *vt_breaker_open(int32_t kind) {
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(kind == VT_BREAK_WORD ? UBRK_WORD : UBRK_CHARACTER, "", NULL, 0, &err);
    if (U_FAILURE(err)) return NULL;
    vt_breaker *b = (vt_breaker *)malloc(sizeof(vt_breaker));
    if (!b) { ubrk_close(bi); return NULL; }
    UText empty = UTEXT_INITIALIZER;
    b->ut = empty;
    b->bi = bi;
    b->kind = kind;
    return b;
}

void vt_breaker_close(vt_breaker *b) {
    if (!b) return;
    ubrk_close(b->bi);
    utext_close(&b->ut);
    free(b);
}

int32_t vt_breaker_breaks(vt_breaker *b, const uint8_t *text, int32_t len, int32_t *offsets, int32_t *status,
                          int32_t cap) {
    UErrorCode err = U_ZERO_ERROR;
    /* Reopening an existing UText reuses its storage. */
    utext_openUTF8(&b->ut, (const char *)text, len, &err);
    if (U_FAILURE(err)) return -1;
    ubrk_setUText(b->bi, &b->ut, &err);
    if (U_FAILURE(err)) return -1;
    int32_t count = 0;
    for (int32_t i = ubrk_first(b->bi); i != UBRK_DONE; i = ubrk_next(b->bi)) {
        if (count < cap) {
            offsets[count] = i; /* UTF-8 UText: indices are byte offsets */
            if (status) status[count] = b->kind == VT_BREAK_WORD ? ubrk_getRuleStatus(b->bi) : 0;
        }
        count++;
    }
    return count;
}
