/*
 * Squid native access log lines to columns, at memory speed (DESIGN 8: never a Python loop per
 * line on the hot path).
 *
 *   scanner = Scanner(first_line=1, max_line=65536)
 *   scanner.scan(chunk) -> dict      (chunk after chunk of whole lines, in file order)
 *
 * Each line is split on runs of spaces or tabs (Squid pads the elapsed-time field and some
 * builds write double spaces) into the ten fields of the native format:
 *
 *   time.ms elapsed client result/status size method url user hierarchy/peer type [extra...]
 *
 * Only what the rules need is kept (data minimisation): time, client, result code, status, size,
 * method, the URL's host and the user name. Paths and query strings are never copied.
 *
 * The result holds numeric columns as little-endian int64/int32/uint8 buffers and text columns
 * dictionary-encoded: int32 indices per row, and the distinct values so far as Arrow string
 * buffers. The dictionaries belong to the scanner, so a value keeps its index from one chunk
 * to the next and later steps work once per distinct value of the file. Line numbers carry on
 * from chunk to chunk too. Lines that cannot be read are returned as (line number, reason) and
 * never stop the scan; a line longer than max_line bytes is one of them, never split (issue 12).
 * The scan runs without the GIL, so another thread can work meanwhile.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "_scanbuf.h"

/* Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; }
        else return 0;
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n) return 0;
            unsigned char cc = s[i + k];
            if ((cc & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

static int all_digits(const char *s, size_t n) {
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int64_t to_int(const char *s, size_t n) {
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

/* "1741000000.123" -> milliseconds; 0 on success. */
static int parse_time(const char *s, size_t n, int64_t *ms) {
    size_t dot = n;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.') { dot = i; break; }
    if (dot == 0 || dot > 12 || !all_digits(s, dot)) return -1;
    int64_t v = to_int(s, dot) * 1000;
    if (dot < n) {
        size_t frac = n - dot - 1;
        if (frac == 0 || frac > 6 || !all_digits(s + dot + 1, frac)) return -1;
        int64_t f = 0;
        for (size_t i = 0; i < 3; i++) f = f * 10 + (i < frac ? s[dot + 1 + i] - '0' : 0);
        v += f;
    }
    *ms = v;
    return 0;
}

/* The host a request went to: "http://user@Host:8080/path" or "host:443" (CONNECT) -> host.
 * Squid writes "-" or "error:..." when there was no URL; those give an empty host. */
static void url_host(const char *u, size_t n, const char **h, size_t *hn) {
    *h = u;
    *hn = 0;
    size_t start = 0;
    for (size_t i = 0; i + 2 < n; i++) {
        char c = u[i];
        if (c == ':' ) {
            if (u[i + 1] == '/' && u[i + 2] == '/') start = i + 3;
            break;
        }
        if (c == '/' || c == '?' || c == '#') break;
    }
    if (start == 0 && n >= 6 && memcmp(u, "error:", 6) == 0) return;
    size_t end = start;
    while (end < n && u[end] != '/' && u[end] != '?' && u[end] != '#') end++;
    /* user information before the host */
    for (size_t i = end; i > start; i--)
        if (u[i - 1] == '@') { start = i; break; }
    if (start < end && u[start] == '[') {
        size_t close = start;
        while (close < end && u[close] != ']') close++;
        if (close == end) return;
        *h = u + start + 1;
        *hn = close - start - 1;
        return;
    }
    size_t stop = start;
    while (stop < end && u[stop] != ':') stop++;
    while (stop > start && u[stop - 1] == '.') stop--;
    if (stop - start == 1 && u[start] == '-') return;
    *h = u + start;
    *hn = stop - start;
}

#define FIELDS 10

/* The text columns, in the order of Scan.dicts and of the result. */
enum { CLIENT, CODE, METHOD, HOST, USER, TEXTS };

/* One call's output rows, written straight into the bytes objects handed to Python. */
typedef struct {
    int64_t *ts, *size, *line;
    int32_t *status;
    uint8_t *blocked;
    int32_t *text[TEXTS];
    size_t rows, cap;
} Out;

typedef struct {
    Dict *dicts;
    Out out;
    Reject *rejects;
    size_t nrejects, caprejects;
    int64_t lines, accepted;
    size_t max_line;        /* 0: no limit */
    const char *too_long;   /* the reason given for a longer line */
    int failed;
} Scan;

static void reject(Scan *sc, int64_t line, const char *reason) {
    PUSH(sc->rejects, sc->nrejects, sc->caprejects, sc->failed, (Reject){line, reason});
}

/* Byte classes for the one pass over a line: field separator, plain printable ASCII, or
 * something that needs a closer look (control bytes, DEL, non-ASCII). */
enum { PLAIN = 0, SEP = 1, ODD = 2 };
static unsigned char byte_class[256];

static void init_classes(void) {
    for (int c = 0; c < 256; c++) byte_class[c] = (c < 0x20 || c >= 0x7F) ? ODD : PLAIN;
    byte_class[' '] = SEP;
    byte_class['\t'] = SEP;
}


static void scan_line(Scan *sc, const char *p, size_t n, int64_t lineno) {
    if (n && p[n - 1] == '\r') n--;
    if (sc->max_line && n > sc->max_line) { reject(sc, lineno, sc->too_long); return; }
    if (n == 0) { reject(sc, lineno, "empty line"); return; }
    const char *f[FIELDS];
    size_t fl[FIELDS];
    int count = 0;
    const unsigned char *u = (const unsigned char *)p;
    if (has_odd_bytes(u, n)) {
        for (size_t j = 0; j < n; j++) {
            unsigned char c = u[j];
            if ((c < 0x20 && c != '\t') || c == 0x7F) { reject(sc, lineno, "binary or control characters"); return; }
        }
        if (!valid_utf8(u, n)) { reject(sc, lineno, "not valid UTF-8"); return; }
        /* Careful path: spaces and tabs both separate fields. */
        size_t i = 0;
        while (i < n && count < FIELDS) {
            while (i < n && byte_class[u[i]] == SEP) i++;
            if (i >= n) break;
            size_t s0 = i;
            while (i < n && byte_class[u[i]] != SEP) i++;
            f[count] = p + s0;
            fl[count] = i - s0;
            count++;
        }
    } else {
        /* Fast path: plain ASCII, fields separated by runs of spaces; only the first ten
         * fields are needed (administrators may append more, A1). */
        const char *end = p + n, *q = p;
        while (q < end && count < FIELDS) {
            while (q < end && *q == ' ') q++;
            if (q >= end) break;
            const char *sp = memchr(q, ' ', (size_t)(end - q));
            const char *stop = sp ? sp : end;
            f[count] = q;
            fl[count] = (size_t)(stop - q);
            count++;
            q = stop;
        }
    }
    if (count < FIELDS) {
        reject(sc, lineno, "too few fields for the Squid native format (truncated?)");
        return;
    }
    int64_t ms;
    if (parse_time(f[0], fl[0], &ms)) { reject(sc, lineno, "timestamp is not seconds.milliseconds"); return; }
    const char *el = f[1]; size_t eln = fl[1];
    if (eln && el[0] == '-') { el++; eln--; }
    if (!all_digits(el, eln)) { reject(sc, lineno, "elapsed time is not a number"); return; }
    size_t slash = 0;
    while (slash < fl[3] && f[3][slash] != '/') slash++;
    if (slash == 0 || fl[3] - slash != 4 || !all_digits(f[3] + slash + 1, 3)) {
        reject(sc, lineno, "result code is not RESULT/status"); return;
    }
    if (!all_digits(f[4], fl[4])) { reject(sc, lineno, "size is not a number"); return; }
    const char *h; size_t hn;
    url_host(f[6], fl[6], &h, &hn);
    const char *user = f[7]; size_t un = fl[7];
    if (un == 1 && user[0] == '-') un = 0;

    int64_t size = to_int(f[4], fl[4]);
    int32_t status = (int32_t)to_int(f[3] + slash + 1, 3);
    /* A request the proxy refused is still an attempt: TCP_DENIED, TCP_DENIED_REPLY ... */
    uint8_t denied = 0;
    for (size_t k = 0; k + 6 <= slash; k++)
        if (memcmp(f[3] + k, "DENIED", 6) == 0) { denied = 1; break; }
    Out *o = &sc->out;
    if (o->rows >= o->cap) { sc->failed = 1; return; }
    const char *texts[TEXTS] = {f[2], f[3], f[5], h, user};
    const size_t lens[TEXTS] = {fl[2], slash, fl[5], hn, un};
    static const int lower[TEXTS] = {1, 0, 0, 1, 1};
    for (int k = 0; k < TEXTS; k++) {
        int32_t index = dict_put(&sc->dicts[k], texts[k], lens[k], lower[k]);
        if (index < 0) { sc->failed = 1; return; }
        o->text[k][o->rows] = index;
    }
    size_t r = o->rows++;
    o->ts[r] = ms;
    o->status[r] = status;
    o->size[r] = size;
    o->line[r] = lineno;
    o->blocked[r] = denied;
    sc->accepted++;
}

static void scan_all(Scan *sc, const char *data, size_t n, int64_t first) {
    size_t pos = 0;
    int64_t lineno = first;
    while (pos < n && !sc->failed) {
        const char *nl = memchr(data + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - data) : n;
        scan_line(sc, data + pos, end - pos, lineno);
        lineno++;
        sc->lines++;
        pos = end + 1;
    }
}

/* ---- the Python type ---- */

typedef struct {
    PyObject_HEAD
    Dict dicts[TEXTS];
    int64_t next_line;
    size_t max_line;
    char too_long[80]; /* as parsers.too_long says it */
    int busy; /* a scan is running without the GIL: no second scan, no re-init */
} Scanner;

static void Scanner_dealloc(Scanner *self) {
    for (int k = 0; k < TEXTS; k++) dict_free(&self->dicts[k]);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Empty dictionaries, ready to scan. */
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
    if (self) {
        self->max_line = 65536;
        snprintf(self->too_long, sizeof self->too_long, "line longer than 64 KB, the longest read");
    }
    return (PyObject *)self;
}

static int Scanner_init(Scanner *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"first_line", "max_line", NULL};
    long long first = 1, max_line = 65536;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|LL", kwlist, &first, &max_line)) return -1;
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "the scanner is scanning");
        return -1;
    }
    if (max_line < 0) {
        PyErr_SetString(PyExc_ValueError, "max_line cannot be negative");
        return -1;
    }
    self->max_line = (size_t)max_line;
    if (max_line % 1024 == 0)
        snprintf(self->too_long, sizeof self->too_long,
                 "line longer than %lld KB, the longest read", max_line / 1024);
    else
        snprintf(self->too_long, sizeof self->too_long,
                 "line longer than %lld bytes, the longest read", max_line);
    return Scanner_reset(self, first);
}

enum { TS, SIZE, LINE, STATUS, BLOCKED, NUMBERS };
/* A Layout holds at most MAX_COLUMNS of each; a scanner with more must not compile. */
_Static_assert((int)NUMBERS <= (int)MAX_COLUMNS && (int)TEXTS <= (int)MAX_COLUMNS,
               "more columns than a Layout holds");
static const Layout LAYOUT = {
    .numbers = NUMBERS,
    .number_names = {"ts_ms", "size", "line", "status", "blocked"},
    .number_widths = {8, 8, 8, 4, 1},
    .texts = TEXTS,
    .text_names = {"client", "code", "method", "host", "user"},
};

static PyObject *Scanner_scan(Scanner *self, PyObject *args) {
    Py_buffer view;
    if (scan_begin(self->busy, args, &view)) return NULL;
    /* A line the scan accepts has ten fields and nine separators: at least twenty bytes with
     * its newline, which bounds the rows of this chunk. */
    size_t cap = (size_t)view.len / 20 + 1;
    PyObject *result = NULL;
    Columns columns;
    Scan sc;
    memset(&sc, 0, sizeof sc);
    sc.dicts = self->dicts;
    sc.max_line = self->max_line;
    sc.too_long = self->too_long;
    if (columns_new(&columns, &LAYOUT, cap)) goto done;
    sc.out.ts = columns.number_data[TS];
    sc.out.size = columns.number_data[SIZE];
    sc.out.line = columns.number_data[LINE];
    sc.out.status = columns.number_data[STATUS];
    sc.out.blocked = columns.number_data[BLOCKED];
    for (int k = 0; k < TEXTS; k++) sc.out.text[k] = columns.text_data[k];
    sc.out.cap = cap;
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    scan_all(&sc, (const char *)view.buf, (size_t)view.len, self->next_line);
    Py_END_ALLOW_THREADS
    self->busy = 0;
    self->next_line += sc.lines;
    if (sc.failed)
        PyErr_NoMemory();
    else
        result = scan_result(&columns, &LAYOUT, self->dicts, sc.out.rows, sc.rejects, sc.nrejects,
                             sc.lines, sc.accepted);
done:
    PyBuffer_Release(&view);
    columns_free(&columns);
    free(sc.rejects);
    return result;
}

static PyMethodDef Scanner_methods[] = {
    {"scan", (PyCFunction)Scanner_scan, METH_VARARGS,
     "scan(data) -> dict: the next whole lines of the file as column buffers."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "councilguard.monitoring._squidscan.Scanner",
    .tp_doc = "Scanner(first_line=1, max_line=65536): reads one file's lines, chunk after chunk.",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Scanner_new,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_squidscan",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__squidscan(void) {
    init_classes();
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
