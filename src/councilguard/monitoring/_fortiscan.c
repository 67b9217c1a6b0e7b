/*
 * FortiGate web filter log lines (FortiOS key=value, with or without a syslog prefix) to
 * columns, the way _squidscan.c does it for Squid (DESIGN 8, issue 23).
 *
 *   scanner = Scanner(first_line, max_line, starts, offsets, end)
 *   scanner.scan(chunk) -> dict      (chunk after chunk of whole lines, in file order)
 *
 * The device's time zone comes in as its periods: `starts` the UTC second each period begins
 * (little-endian int64), `offsets` its UTC offset in seconds (int32), `end` the UTC second the
 * table stops (vendorlogs.zone_periods builds them with Polars, so local times read as the
 * Polars path reads them: the repeated hour at its first occurrence, the skipped hour none).
 *
 * In one pass per line: the fields the rules need (first occurrence of each key; quotes and
 * backslash escapes undone), the time (eventtime in s/ms/us/ns; else date and time at the
 * line's tz= offset or in the device's zone), the reject reasons with line numbers, and the
 * text columns dictionary-encoded (client, user, host, action, method, the vendor category),
 * with dictionaries that last as long as the scanner.
 *
 * The scanner reads only what it is sure of. Any other line is handed back whole in
 * "fallback" (line number, bytes) for the Polars path (vendorlogs.py) to read: bytes outside
 * printable ASCII (tabs, other encodings, a byte order mark), CEF lines, a quote or an item
 * without "=" after the first key=value, a quoted value holding " key=", dates and times not
 * written as yyyy-mm-dd hh:mm:ss (or no such day), a tz= offset beyond +-14:59, a time outside
 * the zone table, a web filter entry without hostname=, a byte count not a plain integer.
 * What the scanner gives is, line for line, what the Polars path gives (the tests compare).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "_scanbuf.h"

/* Whether the build itself has SSE2 (every x86-64 does), decided before <immintrin.h>, whose
 * target pragmas may define its macros again. */
#ifdef __SSE2__
#define HAVE_SSE2 1
#endif

/* The keys read (`key_index` names them). */
enum {
    K_DATE, K_TIME, K_EVENTTIME, K_TZ, K_TYPE, K_SUBTYPE, K_SRCIP, K_USER, K_UNAUTHUSER,
    K_HOSTNAME, K_ACTION, K_CATDESC, K_SERVICE, K_RCVDBYTE, KEYS
};

/* The key's index, or -1. A line holds some forty keys and reads fourteen: the length picks
 * the few candidates, each compared with a fixed-size memcmp the compiler inlines (a loop over
 * every name with a library memcmp was a tenth of the scan). */
#define IS(lit) (memcmp(k, lit, sizeof lit - 1) == 0)
static inline int key_index(const char *k, size_t n) {
    switch (n) {
    case 2: return IS("tz") ? K_TZ : -1;
    case 4:
        if (IS("date")) return K_DATE;
        if (IS("time")) return K_TIME;
        if (IS("type")) return K_TYPE;
        if (IS("user")) return K_USER;
        return -1;
    case 5: return IS("srcip") ? K_SRCIP : -1;
    case 6: return IS("action") ? K_ACTION : -1;
    case 7:
        if (IS("subtype")) return K_SUBTYPE;
        if (IS("catdesc")) return K_CATDESC;
        if (IS("service")) return K_SERVICE;
        return -1;
    case 8:
        if (IS("hostname")) return K_HOSTNAME;
        if (IS("rcvdbyte")) return K_RCVDBYTE;
        return -1;
    case 9: return IS("eventtime") ? K_EVENTTIME : -1;
    case 10: return IS("unauthuser") ? K_UNAUTHUSER : -1;
    default: return -1;
    }
}
#undef IS

/* The text columns, in the order of the result. */
enum { CLIENT, USER, HOST, ACTION, METHOD, CATEGORY, TEXTS };

typedef struct {
    const int64_t *starts;
    const int32_t *offsets;
    size_t count;
    int64_t end;
    /* The last period found and the local seconds it alone answers: [lo, hi). */
    int64_t lo, hi;
    int32_t offset;
} Zone;

typedef struct {
    int64_t *ts, *size, *line;
    uint8_t *blocked;
    int32_t *text[TEXTS];
    size_t rows, cap;
} Out;

typedef struct {
    int64_t line;
    size_t start, len;
} Slow;

/* Where the line being read has its stops, a bit a byte in 64-bit words, one set of words for
 * each kind: the bytes that end a key (any but a letter, digit, "_" or "-"), a stretch of a
 * quoted value (a quote, a backslash, "=") and a bare value (a space, a quote, a backslash).
 * A FortiGate line holds some forty fields; found a byte at a time, the end of each key and
 * value cost a mispredicted branch and a chain of loads (about half the scan). Marked once a
 * line, 64 bytes a step with SSE2 (which every x86-64 has), each step to the next stop is a
 * look at one word and a count of its trailing zeros (`next_stop`). */
enum { END_KEY, END_QUOTED, END_BARE, SPACES, EQUALS, MARKS };
typedef struct {
    uint64_t *bits[MARKS];
    size_t words, cap;
    /* For the quick walk (`quick_fields`): the spaces and "=" outside quoted values (SPACES,
     * EQUALS; where the quoted values are is worked out from the quotes alone, so it holds only
     * when the line has no backslash and no "=" inside quotes, and every quote is closed), the
     * number of quotes, and whether those conditions hold. */
    size_t quotes;
    int simple;
} Marks;

typedef struct {
    Dict *dicts;
    Zone *zone;
    Out out;
    Reject *rejects;
    size_t nrejects, caprejects;
    Slow *slow;
    size_t nslow, capslow;
    int64_t lines, accepted;
    size_t max_line;
    const char *too_long;
    Bytes scratch[KEYS]; /* values with backslash escapes, undone */
    Marks marks;
    int failed;
} Scan;

static void reject(Scan *sc, int64_t line, const char *reason) {
    PUSH(sc->rejects, sc->nrejects, sc->caprejects, sc->failed, (Reject){line, reason});
}

static void fallback(Scan *sc, int64_t line, size_t start, size_t len) {
    PUSH(sc->slow, sc->nslow, sc->capslow, sc->failed, (Slow){line, start, len});
}

/* Bytes that end a stretch of a bare value: a space, a quote or a backslash. Bytes of keys:
 * a letter or "_" may start one, digits and "-" follow. One table lookup a byte. */
enum { BARE_STOP = 1, KEY_START = 2, KEY_CHAR = 4 };
static unsigned char classes[256];

static void init_classes(void) {
    classes['"'] = classes['\\'] = classes[' '] = BARE_STOP;
    for (int c = 0; c < 256; c++) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')
            classes[c] |= KEY_START | KEY_CHAR;
        else if ((c >= '0' && c <= '9') || c == '-')
            classes[c] |= KEY_CHAR;
    }
}

static inline int is_key_start(char c) { return classes[(unsigned char)c] & KEY_START; }

static inline int is_key_char(char c) { return classes[(unsigned char)c] & KEY_CHAR; }

/* Each bit set where an odd number of bits are set at or below it: with a word of the quotes of a
 * line, the bytes from an opening quote up to (not including) its closing quote. */
static inline uint64_t prefix_xor(uint64_t x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

static inline size_t bit_count(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
    return (size_t)__builtin_popcountll(x);
#else
    size_t c = 0;
    for (; x; x &= x - 1) c++;
    return c;
#endif
}

/* One 64-byte block's bytes of each kind, a bit a byte. */
typedef struct {
    uint64_t odd, key, quote, backslash, equals, space;
} Block;

/* A byte at a time: any C compiler. */
static inline void classify_bytes(const unsigned char *block, Block *b) {
    memset(b, 0, sizeof *b);
    for (int s = 0; s < 64; s++) {
        unsigned char c = block[s];
        uint64_t bit = 1ULL << s;
        if (c < 0x20 || c >= 0x7F) b->odd |= bit;
        if (classes[c] & KEY_CHAR) b->key |= bit;
        if (c == '"') b->quote |= bit;
        if (c == '\\') b->backslash |= bit;
        if (c == '=') b->equals |= bit;
        if (c == ' ') b->space |= bit;
    }
}

#ifdef HAVE_SSE2
/* 16 bytes a step. As signed bytes, those not ASCII are below zero, so below a space; a byte
 * with 0x20 set is a small letter when it is a letter at all. */
static inline void classify_sse2(const unsigned char *block, Block *b) {
    memset(b, 0, sizeof *b);
    for (int s = 0; s < 4; s++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(block + 16 * s));
        __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20));
        __m128i o = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
                                 _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
        __m128i k = _mm_or_si128(
            _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1))),
                         _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                       _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)))),
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('_')),
                         _mm_cmpeq_epi8(x, _mm_set1_epi8('-'))));
        int shift = 16 * s;
#define BITS(v) ((uint64_t)(uint16_t)_mm_movemask_epi8(v) << shift)
        b->odd |= BITS(o);
        b->key |= BITS(k);
        b->quote |= BITS(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
        b->backslash |= BITS(_mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
        b->equals |= BITS(_mm_cmpeq_epi8(x, _mm_set1_epi8('=')));
        b->space |= BITS(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
#undef BITS
    }
}
#endif

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AVX2 1
#include <immintrin.h>
/* The same, 32 bytes a step, compiled for AVX2 whatever the build's flags and used only where
 * the processor has it (`choose_marking`): the marking was a quarter of the scan with SSE2. */
__attribute__((target("avx2"))) static inline void classify_avx2(const unsigned char *block,
                                                                 Block *b) {
    memset(b, 0, sizeof *b);
    for (int s = 0; s < 2; s++) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(block + 32 * s));
        __m256i lower = _mm256_or_si256(x, _mm256_set1_epi8(0x20));
        __m256i o = _mm256_or_si256(_mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), x),
                                    _mm256_cmpeq_epi8(x, _mm256_set1_epi8(0x7F)));
        __m256i k = _mm256_or_si256(
            _mm256_or_si256(
                _mm256_and_si256(_mm256_cmpgt_epi8(lower, _mm256_set1_epi8('a' - 1)),
                                 _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), lower)),
                _mm256_and_si256(_mm256_cmpgt_epi8(x, _mm256_set1_epi8('0' - 1)),
                                 _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), x))),
            _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('_')),
                            _mm256_cmpeq_epi8(x, _mm256_set1_epi8('-'))));
        int shift = 32 * s;
#define BITS(v) ((uint64_t)(uint32_t)_mm256_movemask_epi8(v) << shift)
        b->odd |= BITS(o);
        b->key |= BITS(k);
        b->quote |= BITS(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('"')));
        b->backslash |= BITS(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\\')));
        b->equals |= BITS(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('=')));
        b->space |= BITS(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(' ')));
#undef BITS
    }
}
#endif

/* Marks the stops of a line of n bytes, and in the same pass looks for bytes outside printable
 * ASCII: 0, or 1 when it holds a control byte, DEL or a byte that is not ASCII (the line is
 * left to the Polars path), or -1 when out of memory. One definition for each way of
 * classifying a block (a macro, so that the classifier is inlined into each, AVX2 included). */
#define DEFINE_MARK(name, attributes, classify)                                               \
    attributes static int name(Marks *m, const unsigned char *u, size_t n) {                   \
        /* Every 64-byte block, the last one partial (or empty when n is a multiple of 64)     \
         * and padded: so the byte at n, where every search ends, is always in the table. */   \
        size_t words = n / 64 + 1;                                                             \
        if (words > m->cap) {                                                                  \
            uint64_t *all = realloc(m->bits[0], words * MARKS * sizeof *all);                  \
            if (!all) return -1;                                                               \
            for (int k = 0; k < MARKS; k++) m->bits[k] = all + k * words;                      \
            m->cap = words;                                                                    \
        }                                                                                      \
        m->words = words;                                                                      \
        /* All ones while inside a quoted value at the end of the word before. */              \
        uint64_t inside = 0, backslashes = 0, quoted_equals = 0;                               \
        size_t quotes = 0;                                                                     \
        for (size_t w = 0; w < words; w++) {                                                   \
            const unsigned char *block = u + w * 64;                                           \
            unsigned char pad[64];                                                             \
            if (w * 64 + 64 > n) {                                                             \
                /* The last block, padded with spaces: ordinary, and a stop past the end. */   \
                memset(pad, ' ', sizeof pad);                                                  \
                memcpy(pad, block, n - w * 64);                                                \
                block = pad;                                                                   \
            }                                                                                  \
            Block b;                                                                           \
            classify(block, &b);                                                               \
            if (b.odd) return 1;                                                               \
            m->bits[END_KEY][w] = ~b.key;                                                      \
            m->bits[END_QUOTED][w] = b.quote | b.backslash | b.equals;                         \
            m->bits[END_BARE][w] = b.quote | b.backslash | b.space;                            \
            uint64_t in = prefix_xor(b.quote) ^ inside;                                        \
            inside = (uint64_t)0 - (in >> 63);                                                 \
            m->bits[SPACES][w] = b.space & ~in;                                                \
            m->bits[EQUALS][w] = b.equals & ~in;                                               \
            backslashes |= b.backslash;                                                        \
            quoted_equals |= b.equals & in;                                                    \
            quotes += bit_count(b.quote);                                                      \
        }                                                                                      \
        m->quotes = quotes;                                                                    \
        m->simple = !backslashes && !quoted_equals && !inside;                                 \
        return 0;                                                                              \
    }

DEFINE_MARK(mark_bytes, , classify_bytes)
#ifdef HAVE_SSE2
DEFINE_MARK(mark_sse2, , classify_sse2)
#endif
#ifdef HAVE_AVX2
DEFINE_MARK(mark_avx2, __attribute__((target("avx2"))), classify_avx2)
#endif

/* The ways of marking this build has, the best first; `mark` is the one in use, chosen when
 * the module loads (the tests try each: they must read every line alike). */
typedef int (*Marker)(Marks *, const unsigned char *, size_t);
static const struct {
    const char *name;
    Marker marker;
} MARKINGS[] = {
#ifdef HAVE_AVX2
    {"avx2", mark_avx2},
#endif
#ifdef HAVE_SSE2
    {"sse2", mark_sse2},
#endif
    {"bytes", mark_bytes},
};
#define NMARKINGS (sizeof MARKINGS / sizeof MARKINGS[0])
static Marker mark = mark_bytes;
/* Whether lines `mark` finds simple are read by `quick_fields` (the tests compare with the
 * walk alone). */
static int quick = 1;

static int available(size_t k) {
#ifdef HAVE_AVX2
    if (MARKINGS[k].marker == mark_avx2) {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2");
    }
#endif
    (void)k;
    return 1;
}

static void choose_marking(void) {
    for (size_t k = 0; k < NMARKINGS; k++)
        if (available(k)) {
            mark = MARKINGS[k].marker;
            return;
        }
}

/* The first stop of that kind at or after i, or n. */
static inline size_t next_stop(const Marks *m, int kind, size_t i, size_t n) {
    const uint64_t *bits = m->bits[kind];
    size_t w = i >> 6;
    uint64_t word = bits[w] & (~0ULL << (i & 63));
    while (!word) {
        if (++w >= m->words) return n;
        word = bits[w];
    }
    size_t at = (w << 6) + (size_t)__builtin_ctzll(word);
    return at < n ? at : n;
}

static inline int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Whether a quoted value holds a space followed by key=: the Polars path may read such a key
 * out of the value, so the line is left to it. */
static int holds_key(const char *v, size_t n) {
    const char *end = v + n, *s = v;
    while ((s = memchr(s, ' ', (size_t)(end - s))) != NULL) {
        s++;
        if (s >= end || !is_key_start(*s)) continue;
        const char *k = s + 1;
        while (k < end && is_key_char(*k)) k++;
        if (k < end && *k == '=') return 1;
    }
    return 0;
}

/* The fields of a line `mark` found simple, without the walk from stop to stop: items are
 * split at the spaces outside quoted values, each key ends at its item's first "=" outside
 * quotes, and the keys are looked at independently of one another (the walk's chain of
 * dependent loads, a key and a value at a time, was most of the scan). Returns 1 when the line
 * is not one this reads the way the walk in `scan_line` does: then the walk reads it (and
 * decides, as before, whether to leave it to the Polars path). That is: an item after the first
 * key=value without "=", a key not made of key characters, a quoted value not closed at the
 * end of its item, or any quote not one of those that open and close a value (in the syslog
 * prefix, inside a bare value, after a closing quote). With every quote accounted for, the
 * quoted values found from the quotes are the ones the walk finds. */
static int quick_fields(const Marks *m, const char *p, size_t n, const char **val, size_t *vlen,
                        uint8_t *seen) {
    size_t start = 0, quoted = 0;
    int started = 0;
    for (size_t w = 0; w < m->words; w++) {
        uint64_t spaces = m->bits[SPACES][w];
        while (spaces) {
            size_t end = (w << 6) + (size_t)__builtin_ctzll(spaces);
            spaces &= spaces - 1;
            if (end > n) end = n; /* (the padding: n itself is always a space there) */
            if (end > start) {
                /* A key runs to the first byte that is not a key character, which must be its
                 * item's first "=" (outside quotes: the item starts outside them, and a quote
                 * is not a key character). */
                size_t eq = next_stop(m, END_KEY, start + 1, n);
                if (eq >= end || p[eq] != '=' || !is_key_start(p[start])) {
                    /* Before the first key=value, a word of the syslog prefix is an item
                     * without "=" at all; anything else is for the walk. */
                    if (started || next_stop(m, EQUALS, start, n) < end) return 1;
                } else {
                    started = 1;
                    int key = key_index(p + start, eq - start);
                    size_t v = eq + 1, vn = end - v;
                    if (vn && p[v] == '"') {
                        if (vn < 2 || p[end - 1] != '"') return 1;
                        quoted++;
                        v++;
                        vn -= 2;
                    }
                    if (key >= 0 && !seen[key]) {
                        seen[key] = 1;
                        val[key] = p + v;
                        vlen[key] = vn;
                    }
                }
            }
            if (end >= n) return m->quotes != 2 * quoted;
            start = end + 1;
        }
    }
    return m->quotes != 2 * quoted;
}

/* Two digits. */
static inline int two(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

static int all_digits_n(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i])) return 0;
    return 1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int month_days(int y, int m) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[m - 1];
}

/* "yyyy-mm-dd" and "hh:mm:ss", exactly, of a day that exists -> seconds of that wall clock
 * taken as UTC; -1 for any other shape (left to the Polars path, which is more lenient). */
static int wall_clock(const char *d, size_t dn, const char *t, size_t tn, int64_t *secs) {
    if (dn != 10 || tn != 8) return -1;
    if (!all_digits_n(d, 4) || d[4] != '-' || !all_digits_n(d + 5, 2) || d[7] != '-' ||
        !all_digits_n(d + 8, 2))
        return -1;
    if (!all_digits_n(t, 2) || t[2] != ':' || !all_digits_n(t + 3, 2) || t[5] != ':' ||
        !all_digits_n(t + 6, 2))
        return -1;
    int y = two(d) * 100 + two(d + 2), m = two(d + 5), day = two(d + 8);
    int hh = two(t), mm = two(t + 3), ss = two(t + 6);
    if (y < 1000 || m < 1 || m > 12 || day < 1 || day > month_days(y, m)) return -1;
    if (hh > 23 || mm > 59 || ss > 59) return -1;
    *secs = days_from_civil(y, m, day) * 86400 + hh * 3600 + mm * 60 + ss;
    return 0;
}

/* The UTC second of a local wall clock in the device's zone: 0, or 1 when that local time
 * does not exist (skipped when the clocks go forward), or -1 outside the table. A time that
 * happens twice (clocks going back) is taken at its first occurrence. */
static int zone_utc(Zone *z, int64_t local, int64_t *utc) {
    if (local >= z->lo && local < z->hi) {
        *utc = local - z->offset;
        return 0;
    }
    size_t k = z->count;
    if (k == 0 || local < z->starts[0] + 2 * 86400 || local >= z->end - 2 * 86400) return -1;
    const int64_t margin = 2 * 86400;
    /* The first period that ends after local - margin. */
    size_t lo = 0, hi = k;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int64_t next = mid + 1 < k ? z->starts[mid + 1] : z->end;
        if (next > local - margin) hi = mid; else lo = mid + 1;
    }
    for (size_t i = lo; i < k && z->starts[i] <= local + margin; i++) {
        int64_t next = i + 1 < k ? z->starts[i + 1] : z->end;
        int64_t u = local - z->offsets[i];
        if (u >= z->starts[i] && u < next) {
            /* Local times this period alone answers, first: from its start (or from where the
             * period before stops answering) to its end. */
            int64_t from = z->starts[i] + z->offsets[i];
            if (i > 0 && z->starts[i] + z->offsets[i - 1] > from) from = z->starts[i] + z->offsets[i - 1];
            z->lo = from;
            z->hi = next + z->offsets[i];
            z->offset = z->offsets[i];
            *utc = u;
            return 0;
        }
    }
    return 1;
}

/* A value with backslash escapes undone ("\x" -> "x"), in the key's scratch buffer. */
static int unescape(Scan *sc, int key, const char **v, size_t *n) {
    Bytes *b = &sc->scratch[key];
    b->len = 0;
    if (grow(b, *n + 1)) return -1;
    const char *s = *v;
    size_t m = 0;
    for (size_t i = 0; i < *n; i++) {
        if (s[i] == '\\' && i + 1 < *n) i++;
        b->data[m++] = s[i];
    }
    b->len = m;
    *v = b->data;
    *n = m;
    return 0;
}

static inline int equals(const char *v, size_t n, const char *lit) {
    size_t m = strlen(lit);
    return n == m && memcmp(v, lit, m) == 0;
}

/* Returns 1 to leave the line to the Polars path. */
static int scan_line(Scan *sc, const char *p, size_t n, int64_t lineno) {
    while (n && p[n - 1] == '\r') n--;
    const unsigned char *u = (const unsigned char *)p;
    if (sc->max_line && n > sc->max_line) {
        /* As Polars measures it: bytes that are not UTF-8 (and NULs) would count as three. */
        for (size_t i = 0; i < n; i++)
            if (u[i] == 0 || u[i] >= 0x80) return 1;
        reject(sc, lineno, sc->too_long);
        return 0;
    }
    if (n == 0) { reject(sc, lineno, "empty line"); return 0; }
    int odd = mark(&sc->marks, u, n);
    if (odd) {
        if (odd < 0) sc->failed = 1;
        return odd > 0;
    }
    const Marks *marks = &sc->marks;
    /* A CEF line (CEF:<digits>|): the Polars path reads those. */
    for (const char *c = p; (c = memchr(c, 'C', (size_t)(p + n - c))) != NULL; c++)
        if (p + n - c >= 4 && memcmp(c, "CEF:", 4) == 0) return 1;

    const char *val[KEYS];
    size_t vlen[KEYS];
    uint8_t seen[KEYS] = {0}, escaped[KEYS] = {0};
    size_t i = 0;
    int started = 0;
    if (quick && marks->simple) {
        if (quick_fields(marks, p, n, val, vlen, seen) == 0) i = n; /* read: no walk */
        else memset(seen, 0, sizeof seen);
    }
    while (i < n) {
        while (i < n && p[i] == ' ') i++;
        if (i >= n) break;
        size_t s0 = i;
        if (!started) {
            /* Before the first key=value: the syslog prefix, words without "=" or quotes. */
            size_t j = i;
            while (j < n && p[j] != ' ' && p[j] != '=') {
                if (p[j] == '"') return 1;
                j++;
            }
            if (j >= n || p[j] == ' ') { i = j; continue; }
            started = 1;
        }
        if (!is_key_start(p[i])) return 1;
        i = next_stop(marks, END_KEY, i + 1, n);
        if (i >= n || p[i] != '=') return 1;
        int key = key_index(p + s0, i - s0);
        i++;
        const char *v;
        size_t vn;
        int bs = 0;
        if (i < n && p[i] == '"') {
            /* To the closing quote, a backslash taking the byte after it. */
            size_t j = i + 1;
            int eq = 0;
            for (;;) {
                j = next_stop(marks, END_QUOTED, j, n);
                if (j >= n) return 1;             /* no closing quote */
                if (p[j] == '"') break;
                if (p[j] == '=') { eq = 1; j++; continue; }
                if (j + 1 >= n) return 1;
                bs = 1;
                j += 2;
            }
            if (j + 1 < n && p[j + 1] != ' ') return 1;
            v = p + i + 1;
            vn = j - i - 1;
            if (eq && holds_key(v, vn)) return 1;
            i = j + 1;
        } else {
            size_t j = next_stop(marks, END_BARE, i, n);
            while (j < n && p[j] != ' ') {
                if (p[j] == '"') return 1;
                bs = 1;
                j = next_stop(marks, END_BARE, j + 1, n);
            }
            v = p + i;
            vn = j - i;
            i = j;
        }
        if (key >= 0 && !seen[key]) {
            seen[key] = 1;
            val[key] = v;
            vlen[key] = vn;
            escaped[key] = (uint8_t)bs;
        }
    }
    if (!seen[K_DATE] && !seen[K_EVENTTIME]) {
        reject(sc, lineno, "not a FortiGate log line (no date= or eventtime=)");
        return 0;
    }
    for (int k = 0; k < KEYS; k++)
        if (seen[k] && escaped[k] && unescape(sc, k, &val[k], &vlen[k])) {
            sc->failed = 1;
            return 0;
        }
    /* Lines of other log types (traffic, event) are read and taken as no event. */
    if (!seen[K_SUBTYPE] || !equals(val[K_SUBTYPE], vlen[K_SUBTYPE], "webfilter")) return 0;
    if (seen[K_TYPE] && !equals(val[K_TYPE], vlen[K_TYPE], "utm")) return 0;

    /* The time: eventtime where it is 9 to 19 digits (s, ms, us or ns by its length). */
    int have = 0;
    int64_t ms = 0;
    if (seen[K_EVENTTIME] && vlen[K_EVENTTIME] >= 9 && vlen[K_EVENTTIME] <= 19 &&
        all_digits_n(val[K_EVENTTIME], vlen[K_EVENTTIME])) {
        uint64_t e = 0;
        for (size_t k = 0; k < vlen[K_EVENTTIME]; k++) e = e * 10 + (uint64_t)(val[K_EVENTTIME][k] - '0');
        if (e <= (uint64_t)INT64_MAX) {
            size_t digits = vlen[K_EVENTTIME];
            int64_t v = (int64_t)e;
            ms = digits >= 18 ? v / 1000000 : digits >= 15 ? v / 1000 : digits >= 12 ? v : v * 1000;
            have = 1;
        }
    }
    if (!have && seen[K_DATE] && seen[K_TIME]) {
        int64_t wall;
        if (wall_clock(val[K_DATE], vlen[K_DATE], val[K_TIME], vlen[K_TIME], &wall)) return 1;
        const char *tz = seen[K_TZ] ? val[K_TZ] : NULL;
        size_t tn = seen[K_TZ] ? vlen[K_TZ] : 0;
        /* tz= as [+-]hh[:]mm gives the offset; anything else, the device's zone. */
        int offset_form = tz && (tn == 5 || tn == 6) && (tz[0] == '+' || tz[0] == '-') &&
                          all_digits_n(tz + 1, 2) &&
                          (tn == 5 ? all_digits_n(tz + 3, 2) : tz[3] == ':' && all_digits_n(tz + 4, 2));
        if (offset_form) {
            int hh = two(tz + 1), mm = two(tz + (tn == 5 ? 3 : 4));
            if (hh > 14 || mm > 59) return 1;
            int64_t off = (int64_t)(hh * 3600 + mm * 60) * (tz[0] == '-' ? -1 : 1);
            ms = (wall - off) * 1000;
            have = 1;
        } else {
            int64_t utc;
            int found = zone_utc(sc->zone, wall, &utc);
            if (found < 0) return 1;
            if (found == 0) { ms = utc * 1000; have = 1; }
        }
    }
    if (!have) {
        reject(sc, lineno,
               !seen[K_DATE] && !seen[K_EVENTTIME]
                   ? "no time on the line (date= and time=, or eventtime=)"
                   : "time is not yyyy-mm-dd hh:mm:ss, or no such local time");
        return 0;
    }
    if (!seen[K_SRCIP] && !seen[K_USER]) {
        reject(sc, lineno, "web filter entry with no source address or user");
        return 0;
    }
    /* No hostname= (older firmware): the Polars path takes the host from the URL. */
    if (!seen[K_HOSTNAME]) return 1;
    int64_t size = 0;
    if (seen[K_RCVDBYTE] && vlen[K_RCVDBYTE]) {
        const char *b = val[K_RCVDBYTE];
        size_t bn = vlen[K_RCVDBYTE];
        int negative = b[0] == '-';
        if (negative) { b++; bn--; }
        if (bn == 0 || bn > 18 || !all_digits_n(b, bn)) return 1;
        for (size_t k = 0; k < bn; k++) size = size * 10 + (b[k] - '0');
        if (negative) size = -size;
    }

    const char *user = NULL;
    size_t un = 0;
    if (seen[K_USER]) { user = val[K_USER]; un = vlen[K_USER]; }
    else if (seen[K_UNAUTHUSER]) { user = val[K_UNAUTHUSER]; un = vlen[K_UNAUTHUSER]; }
    if (user && equals(user, un, "N/A")) un = 0;
    const char *host = val[K_HOSTNAME];
    size_t hn = vlen[K_HOSTNAME];
    while (hn && host[hn - 1] == '.') hn--;
    const char *cat = seen[K_CATDESC] ? val[K_CATDESC] : "";
    size_t cn = seen[K_CATDESC] ? vlen[K_CATDESC] : 0;
    while (cn && cat[0] == ' ') { cat++; cn--; }
    while (cn && cat[cn - 1] == ' ') cn--;
    const char *action = seen[K_ACTION] ? val[K_ACTION] : "";
    size_t an = seen[K_ACTION] ? vlen[K_ACTION] : 0;

    Out *o = &sc->out;
    if (o->rows >= o->cap) { sc->failed = 1; return 0; }
    const char *texts[TEXTS] = {
        seen[K_SRCIP] ? val[K_SRCIP] : "", user ? user : "", host, action,
        seen[K_SERVICE] ? val[K_SERVICE] : "", cat,
    };
    const size_t lens[TEXTS] = {
        seen[K_SRCIP] ? vlen[K_SRCIP] : 0, un, hn, an, seen[K_SERVICE] ? vlen[K_SERVICE] : 0, cn,
    };
    static const int lower[TEXTS] = {1, 1, 1, 0, 0, 0};
    for (int k = 0; k < TEXTS; k++) {
        int32_t index = dict_put(&sc->dicts[k], texts[k], lens[k], lower[k]);
        if (index < 0) { sc->failed = 1; return 0; }
        o->text[k][o->rows] = index;
    }
    size_t r = o->rows++;
    o->ts[r] = ms;
    o->size[r] = size;
    o->line[r] = lineno;
    o->blocked[r] = equals(action, an, "blocked") || equals(action, an, "block");
    sc->accepted++;
    return 0;
}

static void scan_all(Scan *sc, const char *data, size_t n, int64_t first) {
    size_t pos = 0;
    int64_t lineno = first;
    while (pos < n && !sc->failed) {
        const char *nl = memchr(data + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - data) : n;
        if (scan_line(sc, data + pos, end - pos, lineno)) fallback(sc, lineno, pos, end - pos);
        lineno++;
        sc->lines++;
        pos = end + 1;
    }
}

/* ---- the Python type ---- */

typedef struct {
    PyObject_HEAD
    Dict dicts[TEXTS];
    Zone zone;
    PyObject *starts, *offsets; /* bytes objects holding the zone table */
    int64_t next_line;
    size_t max_line;
    char too_long[80]; /* as parsers.too_long says it */
    int busy;
    /* The rows of a scan are written here, then copied to bytes objects of their size. Bytes
     * objects sized for the most rows a chunk could have (a sixteenth of its bytes) were fresh
     * memory every chunk, and the kernel zeroed every page the rows touched: kept from chunk to
     * chunk, the pages are zeroed once (about a tenth of the scan of FortiGate's long lines). */
    char *rows;
    size_t rows_cap;
} Scanner;

static void Scanner_dealloc(Scanner *self) {
    free(self->rows);
    for (int k = 0; k < TEXTS; k++) dict_free(&self->dicts[k]);
    Py_XDECREF(self->starts);
    Py_XDECREF(self->offsets);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int Scanner_reset(Scanner *self, int64_t first) {
    for (int k = 0; k < TEXTS; k++) {
        dict_free(&self->dicts[k]);
        if (text_init(&self->dicts[k].values)) {
            PyErr_NoMemory();
            return -1;
        }
    }
    self->next_line = first;
    return 0;
}

static PyObject *Scanner_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    Scanner *self = (Scanner *)type->tp_alloc(type, 0);
    if (self && Scanner_reset(self, 1)) Py_CLEAR(self);
    return (PyObject *)self;
}

static int Scanner_init(Scanner *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"first_line", "max_line", "starts", "offsets", "end", NULL};
    long long first = 1, max_line = 65536, end = 0;
    PyObject *starts, *offsets;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "LLSSL", kwlist, &first, &max_line, &starts,
                                     &offsets, &end))
        return -1;
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "the scanner is scanning");
        return -1;
    }
    if (max_line < 0) {
        PyErr_SetString(PyExc_ValueError, "max_line cannot be negative");
        return -1;
    }
    Py_ssize_t count = PyBytes_GET_SIZE(starts) / 8;
    if (PyBytes_GET_SIZE(starts) != count * 8 || PyBytes_GET_SIZE(offsets) != count * 4) {
        PyErr_SetString(PyExc_ValueError, "starts are int64 and offsets int32, one each a period");
        return -1;
    }
    Py_INCREF(starts);
    Py_INCREF(offsets);
    Py_XSETREF(self->starts, starts);
    Py_XSETREF(self->offsets, offsets);
    self->zone.starts = (const int64_t *)PyBytes_AS_STRING(starts);
    self->zone.offsets = (const int32_t *)PyBytes_AS_STRING(offsets);
    self->zone.count = (size_t)count;
    self->zone.end = end;
    self->zone.lo = self->zone.hi = 0;
    self->max_line = (size_t)max_line;
    if (max_line % 1024 == 0)
        snprintf(self->too_long, sizeof self->too_long,
                 "line longer than %lld KB, the longest read", max_line / 1024);
    else
        snprintf(self->too_long, sizeof self->too_long,
                 "line longer than %lld bytes, the longest read", max_line);
    return Scanner_reset(self, first);
}

enum { TS, SIZE, LINE, BLOCKED, NUMBERS };
/* A Layout holds at most MAX_COLUMNS of each; a scanner with more must not compile. */
_Static_assert((int)NUMBERS <= (int)MAX_COLUMNS && (int)TEXTS <= (int)MAX_COLUMNS,
               "more columns than a Layout holds");
static const Layout LAYOUT = {
    .numbers = NUMBERS,
    .number_names = {"ts_ms", "size", "line", "blocked"},
    .number_widths = {8, 8, 8, 1},
    .texts = TEXTS,
    .text_names = {"client", "user", "host", "action", "method", "category"},
};

/* The lines left to the Polars path, as [(line number, bytes)], under "fallback". */
static int add_fallback(PyObject *result, const Slow *slow, size_t nslow, const char *data) {
    PyObject *list = PyList_New((Py_ssize_t)nslow);
    if (!list) return -1;
    for (size_t k = 0; k < nslow; k++) {
        PyObject *item = Py_BuildValue("(Ly#)", (long long)slow[k].line, data + slow[k].start,
                                       (Py_ssize_t)slow[k].len);
        if (!item) {
            Py_DECREF(list);
            return -1;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)k, item);
    }
    int bad = PyDict_SetItemString(result, "fallback", list);
    Py_DECREF(list);
    return bad;
}

static PyObject *Scanner_scan(Scanner *self, PyObject *args) {
    Py_buffer view;
    if (!self->starts && !self->busy) { /* (a busy scanner says so, in scan_begin) */
        PyErr_SetString(PyExc_RuntimeError, "the scanner has no time zone table");
        return NULL;
    }
    if (scan_begin(self->busy, args, &view)) return NULL;
    /* A line that gives an event holds at least "eventtime=123456789 subtype=webfilter
     * hostname=": more than sixteen bytes, which bounds the rows of this chunk. */
    size_t cap = (size_t)view.len / 16 + 1;
    PyObject *result = NULL;
    Columns columns;
    Scan sc;
    memset(&sc, 0, sizeof sc);
    sc.dicts = self->dicts;
    sc.zone = &self->zone;
    sc.max_line = self->max_line;
    sc.too_long = self->too_long;
    memset(&columns, 0, sizeof columns);
    size_t width = 0;
    for (int k = 0; k < NUMBERS; k++) width += LAYOUT.number_widths[k];
    width += TEXTS * sizeof(int32_t);
    if (cap > self->rows_cap) {
        char *rows = realloc(self->rows, cap * width + 8);
        if (!rows) {
            PyErr_NoMemory();
            goto done;
        }
        self->rows = rows;
        self->rows_cap = cap;
    }
    /* Each column a stretch of the buffer, the widest first (so each is aligned). */
    char *at = self->rows;
    void *number_at[NUMBERS];
    for (int k = 0; k < NUMBERS; k++) {
        number_at[k] = at;
        at += cap * LAYOUT.number_widths[k];
    }
    sc.out.ts = number_at[TS];
    sc.out.size = number_at[SIZE];
    sc.out.line = number_at[LINE];
    /* (blocked, one byte a row, is last of the numbers: the texts after it need 4-byte
     * alignment, so they start at a multiple of 8 rows' worth past it.) */
    sc.out.blocked = number_at[BLOCKED];
    at = (char *)number_at[BLOCKED] + ((cap + 7) & ~(size_t)7);
    for (int k = 0; k < TEXTS; k++) {
        sc.out.text[k] = (int32_t *)at;
        at += cap * sizeof(int32_t);
    }
    sc.out.cap = cap;
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    scan_all(&sc, (const char *)view.buf, (size_t)view.len, self->next_line);
    Py_END_ALLOW_THREADS
    self->busy = 0;
    self->next_line += sc.lines;
    if (sc.failed) {
        PyErr_NoMemory();
        goto done;
    }
    /* The rows found, into bytes objects of their size. */
    if (columns_new(&columns, &LAYOUT, sc.out.rows)) goto done;
    for (int k = 0; k < NUMBERS; k++)
        memcpy(columns.number_data[k], number_at[k], sc.out.rows * LAYOUT.number_widths[k]);
    for (int k = 0; k < TEXTS; k++)
        memcpy(columns.text_data[k], sc.out.text[k], sc.out.rows * sizeof(int32_t));
    result = scan_result(&columns, &LAYOUT, self->dicts, sc.out.rows, sc.rejects, sc.nrejects,
                         sc.lines, sc.accepted);
    if (result && add_fallback(result, sc.slow, sc.nslow, (const char *)view.buf))
        Py_CLEAR(result);
done:
    PyBuffer_Release(&view);
    columns_free(&columns);
    for (int k = 0; k < KEYS; k++) free(sc.scratch[k].data);
    free(sc.marks.bits[0]);
    free(sc.rejects);
    free(sc.slow);
    return result;
}

static PyMethodDef Scanner_methods[] = {
    {"scan", (PyCFunction)Scanner_scan, METH_VARARGS,
     "scan(data) -> dict: the next whole lines of the file as column buffers, the rejects, and "
     "the lines left to the Polars path."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "councilguard.monitoring._fortiscan.Scanner",
    .tp_doc = "Scanner(first_line, max_line, starts, offsets, end): reads one FortiGate log's "
              "lines, chunk after chunk.",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Scanner_new,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
};

/* _use(marking, quick) -> (marking, quick) before: for the tests, which read the same lines
 * every way this processor can and compare. Not for use while a scan runs. */
static PyObject *module_use(PyObject *self, PyObject *args) {
    const char *name;
    int q;
    if (!PyArg_ParseTuple(args, "sp", &name, &q)) return NULL;
    const char *was = "";
    for (size_t k = 0; k < NMARKINGS; k++)
        if (MARKINGS[k].marker == mark) was = MARKINGS[k].name;
    PyObject *before = Py_BuildValue("(sO)", was, quick ? Py_True : Py_False);
    if (!before) return NULL;
    for (size_t k = 0; k < NMARKINGS; k++)
        if (strcmp(MARKINGS[k].name, name) == 0 && available(k)) {
            mark = MARKINGS[k].marker;
            quick = q;
            return before;
        }
    Py_DECREF(before);
    PyErr_Format(PyExc_ValueError, "no marking %s here", name);
    return NULL;
}

/* _markings() -> the ways of marking this build and processor have, the one chosen first. */
static PyObject *module_markings(PyObject *self, PyObject *args) {
    PyObject *names = PyList_New(0);
    for (size_t k = 0; names && k < NMARKINGS; k++) {
        if (!available(k)) continue;
        PyObject *name = PyUnicode_FromString(MARKINGS[k].name);
        if (!name || PyList_Append(names, name)) Py_CLEAR(names);
        Py_XDECREF(name);
    }
    return names;
}

static PyMethodDef module_methods[] = {
    {"_use", module_use, METH_VARARGS, "_use(marking, quick) -> the (marking, quick) before"},
    {"_markings", module_markings, METH_NOARGS, "_markings() -> the markings available"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_fortiscan",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__fortiscan(void) {
    init_classes();
    choose_marking();
    if (PyType_Ready(&ScannerType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&ScannerType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(&ScannerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
