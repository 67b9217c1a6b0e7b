/*
 * The buffers the C log scanners share (_squidscan.c, _fortiscan.c): growable byte buffers,
 * Arrow string buffers, the dictionary that encodes a text column as it is read (its values
 * kept for the whole file, so a value keeps its index from chunk to chunk), a check for bytes
 * that need a closer look, growable arrays, and the Python side of a scan call: its column
 * buffers and the dict it hands back.
 *
 * Included after <Python.h>. Everything is static inline: each scanner takes what it uses.
 */
#ifndef COUNCILGUARD_SCANBUF_H
#define COUNCILGUARD_SCANBUF_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct {
    char *data;
    size_t len, cap;
} Bytes;

typedef struct {
    Bytes data;
    Bytes offsets; /* int32 */
} Text;

typedef struct {
    int64_t line;
    const char *reason;
} Reject;

/* Appends an item to a growable array (pointer, count, capacity: doubled, from 64). Out of
 * memory, the item is dropped and `failed` set: the scan stops and raises MemoryError. */
#define PUSH(array, count, capacity, failed, ...)                                        \
    do {                                                                                 \
        if ((count) == (capacity)) {                                                     \
            size_t grown_cap = (capacity) ? (capacity) * 2 : 64;                         \
            void *grown = realloc((array), grown_cap * sizeof *(array));                 \
            if (!grown) {                                                                \
                (failed) = 1;                                                            \
                break;                                                                   \
            }                                                                            \
            (array) = grown;                                                             \
            (capacity) = grown_cap;                                                      \
        }                                                                                \
        (array)[(count)++] = __VA_ARGS__;                                                \
    } while (0)

static inline int grow(Bytes *b, size_t extra) {
    if (b->len + extra <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

static inline int put(Bytes *b, const void *src, size_t n) {
    if (grow(b, n)) return -1;
    memcpy(b->data + b->len, src, n);
    b->len += n;
    return 0;
}

static inline int text_init(Text *t) {
    int32_t zero = 0;
    return put(&t->offsets, &zero, sizeof zero);
}

/* Appends one string. */
static inline int text_put(Text *t, const char *s, size_t n) {
    size_t before = t->data.len;
    if (put(&t->data, s, n)) return -1;
    int32_t end = (int32_t)t->data.len;
    if (t->data.len > INT32_MAX || put(&t->offsets, &end, sizeof end)) {
        t->data.len = before; /* as it was: the dictionary stays whole */
        return -1;
    }
    return 0;
}

static inline void text_free(Text *t) {
    free(t->data.data);
    free(t->offsets.data);
}

/* A column of repeated strings, dictionary-encoded as it is read: each distinct value is
 * stored once (Arrow string buffers) and every row gets its int32 index. The dictionary lives
 * as long as the scanner, so a value keeps its index across the chunks of a file: later steps
 * work once per distinct value of the whole file, not of each chunk. */
typedef struct {
    Text values;
    uint64_t *slots; /* open addressing: hash tag << 32 | (value index + 1); 0 = empty */
    size_t cap, count;
    Bytes scratch;
    int32_t last;   /* the index of the value before, -1 for none */
    Bytes last_raw; /* the bytes that gave it, as they were in the log */
} Dict;

/* A multiply-xorshift hash taking eight bytes at a time. */
static inline uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    if (i < n) memcpy(&tail, s + i, n - i);
    h = (h ^ tail) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

static inline const char *dict_value(Dict *d, uint32_t index, size_t *n) {
    const int32_t *off = (const int32_t *)d->values.offsets.data;
    *n = (size_t)(off[index + 1] - off[index]);
    return d->values.data.data + off[index];
}

static inline int dict_grow(Dict *d) {
    size_t cap = d->cap ? d->cap * 2 : 1024;
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < d->count; i++) {
        size_t n;
        const char *v = dict_value(d, (uint32_t)i, &n);
        uint64_t h = hash_bytes(v, n);
        size_t pos = h & (cap - 1);
        while (slots[pos]) pos = (pos + 1) & (cap - 1);
        slots[pos] = (h & 0xFFFFFFFF00000000ULL) | ((uint64_t)i + 1);
    }
    free(d->slots);
    d->slots = slots;
    d->cap = cap;
    return 0;
}

/* Eight bytes with ASCII capitals made small (other bytes unchanged), as a word. */
static inline uint64_t lower8(uint64_t w) {
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t seven = w & (0x7F * ones);
    uint64_t from_a = seven + (0x80 - 'A') * ones; /* high bit: at least 'A' */
    uint64_t past_z = seven + (0x7F - 'Z') * ones; /* high bit: beyond 'Z' */
    return w | (((from_a & ~past_z & ~w) & highs) >> 2);
}

/* The index of a value, adding it when new; -1 when out of memory. Lower-casing (when asked)
 * and hashing are one pass, eight bytes at a time, giving the hash `hash_bytes` gives the
 * stored value. */
static inline int32_t dict_put(Dict *d, const char *s, size_t n, int lower) {
    /* Logs repeat themselves: the value of the line before needs no hashing. */
    if (d->last >= 0 && n == d->last_raw.len && memcmp(s, d->last_raw.data, n) == 0)
        return d->last;
    if ((d->count + 1) * 2 > d->cap && dict_grow(d)) return -1;
    d->scratch.len = 0;
    if (grow(&d->scratch, n + 8)) return -1;
    char *v = d->scratch.data;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (lower) w = lower8(w);
        memcpy(v + i, &w, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    if (i < n) {
        memcpy(&tail, s + i, n - i);
        if (lower) tail = lower8(tail);
        memcpy(v + i, &tail, n - i);
    }
    h = (h ^ tail) * 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 29;
    uint64_t tag = h & 0xFFFFFFFF00000000ULL;
    size_t pos = h & (d->cap - 1);
    int32_t index = -1;
    while (d->slots[pos]) {
        uint64_t slot = d->slots[pos];
        if ((slot & 0xFFFFFFFF00000000ULL) == tag) {
            size_t m;
            uint32_t found = (uint32_t)(slot & 0xFFFFFFFFULL) - 1;
            const char *stored = dict_value(d, found, &m);
            if (m == n && memcmp(stored, v, n) == 0) {
                index = (int32_t)found;
                break;
            }
        }
        pos = (pos + 1) & (d->cap - 1);
    }
    if (index < 0) {
        if (d->count >= INT32_MAX || text_put(&d->values, v, n)) return -1;
        index = (int32_t)d->count++;
        d->slots[pos] = tag | ((uint64_t)index + 1);
    }
    d->last_raw.len = 0;
    if (put(&d->last_raw, s, n)) return -1;
    d->last = index;
    return index;
}

static inline void dict_free(Dict *d) {
    text_free(&d->values);
    free(d->slots);
    free(d->scratch.data);
    free(d->last_raw.data);
    memset(d, 0, sizeof *d);
    d->last = -1;
}


#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Whether any byte is a control byte, DEL or not ASCII (Squid's scanner asks of every line;
 * FortiGate's finds out while marking a line's stops). With SSE2 (every x86-64) 32 bytes a
 * step: as signed bytes, those not ASCII are below zero and so below a space too. Otherwise
 * eight bytes at a time. Tabs count (they are rare; the careful path handles them). */
static inline int has_odd_bytes(const unsigned char *u, size_t n) {
    size_t i = 0;
#ifdef __SSE2__
    const __m128i spaces = _mm_set1_epi8(0x20), dels = _mm_set1_epi8(0x7F);
    for (; i + 32 <= n; i += 32) {
        __m128i a = _mm_loadu_si128((const __m128i *)(u + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(u + i + 16));
        __m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(a, spaces), _mm_cmpeq_epi8(a, dels)),
                                   _mm_or_si128(_mm_cmplt_epi8(b, spaces), _mm_cmpeq_epi8(b, dels)));
        if (_mm_movemask_epi8(odd)) return 1;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, u + i, 8);
        uint64_t below_space = (x - 0x20 * ONES) & ~x & HIGHS;
        uint64_t del = x ^ (0x7F * ONES);
        uint64_t is_del = (del - ONES) & ~del & HIGHS;
        if (below_space | (x & HIGHS) | is_del) return 1;
    }
    for (; i < n; i++)
        if (u[i] < 0x20 || u[i] >= 0x7F) return 1;
    return 0;
}

/* A bytes object of `n` bytes whose contents the scan fills in. */
static inline PyObject *column(size_t rows, size_t width, void **data) {
    PyObject *b = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(rows * width));
    if (b) *data = PyBytes_AS_STRING(b);
    return b;
}

static inline PyObject *dictionary(Dict *d) {
    Text *t = &d->values;
    return Py_BuildValue("(y#y#)", t->offsets.data, (Py_ssize_t)t->offsets.len,
                         t->data.data ? t->data.data : "", (Py_ssize_t)t->data.len);
}

/* ---- one scan call, as Python sees it (Scanner.scan of both scanners) ---- */

enum { MAX_COLUMNS = 8 };

/* A scanner's columns: numbers (little-endian, of the widths given) and dictionary-encoded
 * texts (int32 indices, and the scanner's dictionaries). */
typedef struct {
    int numbers, texts;
    const char *number_names[MAX_COLUMNS];
    size_t number_widths[MAX_COLUMNS];
    const char *text_names[MAX_COLUMNS];
} Layout;

/* One call's column buffers: bytes objects, written in place while the scan runs, then cut to
 * the rows found. */
typedef struct {
    PyObject *numbers[MAX_COLUMNS], *texts[MAX_COLUMNS];
    void *number_data[MAX_COLUMNS];
    int32_t *text_data[MAX_COLUMNS];
} Columns;

/* Takes the chunk of a call, scan(data): -1 with the exception set when the scanner is
 * already scanning (its dictionaries are in use without the GIL) or the argument is wrong. */
static inline int scan_begin(int busy, PyObject *args, Py_buffer *view) {
    if (busy) {
        PyErr_SetString(PyExc_RuntimeError, "the scanner is already scanning (one thread only)");
        return -1;
    }
    return PyArg_ParseTuple(args, "y*", view) ? 0 : -1;
}

/* Buffers for up to `rows` rows; -1 with MemoryError set (what was made is freed by
 * columns_free). */
static inline int columns_new(Columns *c, const Layout *layout, size_t rows) {
    memset(c, 0, sizeof *c);
    for (int k = 0; k < layout->numbers; k++)
        if (!(c->numbers[k] = column(rows, layout->number_widths[k], &c->number_data[k])))
            return -1;
    for (int k = 0; k < layout->texts; k++)
        if (!(c->texts[k] = column(rows, 4, (void **)&c->text_data[k]))) return -1;
    return 0;
}

static inline void columns_free(Columns *c) {
    for (int k = 0; k < MAX_COLUMNS; k++) {
        Py_XDECREF(c->numbers[k]);
        Py_XDECREF(c->texts[k]);
    }
}

/* The dict a scan call hands back: each number column's bytes, each text column as (indices,
 * (offsets, data)) of its dictionary so far, "rejects" [(line, reason)], "counts" (lines,
 * accepted). NULL with the exception set. */
static inline PyObject *scan_result(Columns *c, const Layout *layout, Dict *dicts, size_t rows,
                                    const Reject *rejects, size_t nrejects, int64_t lines,
                                    int64_t accepted) {
    for (int k = 0; k < layout->numbers; k++)
        if (_PyBytes_Resize(&c->numbers[k], (Py_ssize_t)(rows * layout->number_widths[k])))
            return NULL;
    for (int k = 0; k < layout->texts; k++)
        if (_PyBytes_Resize(&c->texts[k], (Py_ssize_t)(rows * 4))) return NULL;
    PyObject *result = PyDict_New();
    if (!result) return NULL;
    PyObject *rej = PyList_New((Py_ssize_t)nrejects);
    if (!rej) goto fail;
    for (size_t k = 0; k < nrejects; k++) {
        PyObject *item = Py_BuildValue("(Ls)", (long long)rejects[k].line, rejects[k].reason);
        if (!item) {
            Py_DECREF(rej);
            goto fail;
        }
        PyList_SET_ITEM(rej, (Py_ssize_t)k, item);
    }
    int bad = PyDict_SetItemString(result, "rejects", rej);
    Py_DECREF(rej);
    if (bad) goto fail; /* (no further call into Python with an exception pending) */
    PyObject *counts = Py_BuildValue("(LL)", (long long)lines, (long long)accepted);
    if (!counts || PyDict_SetItemString(result, "counts", counts)) {
        Py_XDECREF(counts);
        goto fail;
    }
    Py_DECREF(counts);
    for (int k = 0; k < layout->numbers; k++)
        if (PyDict_SetItemString(result, layout->number_names[k], c->numbers[k])) goto fail;
    for (int k = 0; k < layout->texts; k++) {
        PyObject *values = dictionary(&dicts[k]);
        PyObject *entry = values ? Py_BuildValue("(ON)", c->texts[k], values) : NULL;
        if (!entry) goto fail;
        bad = PyDict_SetItemString(result, layout->text_names[k], entry);
        Py_DECREF(entry);
        if (bad) goto fail;
    }
    return result;
fail:
    Py_DECREF(result);
    return NULL;
}

#endif
