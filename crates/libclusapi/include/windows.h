/*
 * windows.h — a small stand-in for the Windows SDK's <windows.h>, holding exactly what
 * Microsoft's ClusAPI samples use besides clusapi.h, so docs-style programs
 *
 *     #include <windows.h>
 *     #include <clusapi.h>
 *
 * compile unchanged on Linux against libclusapi (spec/c-abi.md, "windows.h"):
 *
 * - the Win32 base types (DWORD, BOOL, TRUE/FALSE, HANDLE, WCHAR, LPWSTR, ...), the
 *   ERROR_* codes, INFINITE, WAIT_OBJECT_0 / WAIT_TIMEOUT / WAIT_FAILED, GetLastError()
 *   and SetLastError() (from clusapi_win32.h, shared with clusapi.h);
 * - LocalAlloc / LocalFree with LMEM_FIXED, LMEM_ZEROINIT and LPTR, and Sleep, which
 *   libclusapi exports;
 * - wprintf with the Windows meaning of its format: "%s" / "%ls" / "%ws" print a WCHAR
 *   string, "%hs" / "%S" a char string, "%c" a WCHAR, and "l" is 32 bits (Windows is
 *   LLP64), so the samples' wprintf(L"... %lu\n", GetLastError()) prints the DWORD
 *   exactly. The output is UTF-8 on stdout (byte-oriented, so printf may be mixed in).
 *
 * DWORD stays 32 bits (uint32_t): the ClusAPI structs and DWORD out-parameters have
 * Windows' layout only then. printf's "%lu" (glibc: unsigned long, 64 bits) therefore
 * does not match a DWORD; gcc checks printf formats but not wprintf formats, and this
 * wprintf reads "%lu" as 32 bits, so the samples' format is both warning-free and right.
 * With printf, cast: printf("%lu\n", (unsigned long)GetLastError()).
 *
 * C: L"..." literals need -fshort-wchar (16-bit wchar_t). C++: use L"..." with
 * -fshort-wchar, u"..." without it (see clusapi.h).
 */
#ifndef CLUSIM_WINDOWS_H
#define CLUSIM_WINDOWS_H

#include "clusapi_win32.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void *HLOCAL;
typedef unsigned int UINT;
typedef size_t SIZE_T;
typedef char CHAR;
typedef WCHAR *PWSTR;
typedef const WCHAR *PCWSTR;

#define LMEM_FIXED 0x0000u
#define LMEM_ZEROINIT 0x0040u
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)

#define WAIT_OBJECT_0 0L
#define WAIT_ABANDONED 0x00000080L
#define WAIT_FAILED ((DWORD)0xFFFFFFFF)

/* LocalAlloc: uFlags is LMEM_FIXED, optionally | LMEM_ZEROINIT (LPTR); the result is the
 * memory's address, or NULL with ERROR_INVALID_PARAMETER (other flags, LMEM_MOVEABLE) or
 * ERROR_NOT_ENOUGH_MEMORY. LocalFree: NULL on success (and for NULL); hMem itself, with
 * ERROR_INVALID_HANDLE, for anything LocalAlloc did not return or already freed. */
HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes);
HLOCAL WINAPI LocalFree(HLOCAL hMem);
/* Waits on the event handles GetNotifyEventHandle returns (spec/c-abi.md, CABI-EVENT):
 * WAIT_OBJECT_0 + i once handle i is signalled (its port holds an event; bWaitAll TRUE:
 * all of them at once, answer WAIT_OBJECT_0), WAIT_TIMEOUT after dwMilliseconds (0
 * polls, INFINITE waits; on the simulator's clock), WAIT_FAILED with GetLastError() =
 * ERROR_INVALID_HANDLE (not an event handle, or its port closed) or
 * ERROR_INVALID_PARAMETER (nCount 0 or above MAXIMUM_WAIT_OBJECTS, NULL array, a handle
 * listed twice). A wait consumes nothing. The event belongs to its port; CloseHandle on
 * it answers TRUE and makes the value invalid for waits until GetNotifyEventHandle
 * returns it again; on anything else FALSE with ERROR_INVALID_HANDLE. */
#define MAXIMUM_WAIT_OBJECTS 64
DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds);
BOOL WINAPI CloseHandle(HANDLE hObject);
/* Sleep: suspends the calling thread for dwMilliseconds of real time (the library's
 * simulator runs on the real clock); INFINITE never returns. */
void WINAPI Sleep(DWORD dwMilliseconds);

/* ----- wprintf with Windows format semantics (see the top of this file) ----------------- */

/* Encodes one code point as UTF-8 into b (4 bytes); the number of bytes. */
static inline size_t clusim_encode_utf8_(unsigned long c, char *b) {
    if (c < 0x80) {
        b[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        b[0] = (char)(0xC0 | (c >> 6));
        b[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        b[0] = (char)(0xE0 | (c >> 12));
        b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    b[0] = (char)(0xF0 | (c >> 18));
    b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    b[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static inline int clusim_put_utf8_(FILE *out, unsigned long c) {
    char b[4];
    return (int)fwrite(b, 1, clusim_encode_utf8_(c, b), out);
}

/* A NUL-terminated WCHAR string (UTF-16, or UTF-32 under CLUSIM_WCHAR32) as a malloc'd
 * UTF-8 string (NULL: "(null)"). */
static inline char *clusim_utf8_(const WCHAR *s) {
    size_t units = 0, at = 0;
    char *buf;
#ifdef CLUSIM_WCHAR32
    if (s == NULL) s = L"(null)";
#else
    if (s == NULL) s = (const WCHAR *)u"(null)";
#endif
    while (s[units]) units++;
    buf = (char *)malloc(units * 4 + 1); /* 4 bytes: one UTF-32 unit can be U+10FFFF */
    if (buf == NULL) return NULL;
    for (size_t i = 0; i < units; i++) {
        unsigned long c = (unsigned long)s[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < units && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + ((unsigned long)s[i + 1] - 0xDC00);
            i++;
        }
        at += clusim_encode_utf8_(c, buf + at);
    }
    buf[at] = 0;
    return buf;
}

/* Ends the narrow conversion spec[0..k) with a length modifier and conversion. */
static inline const char *clusim_finish_spec_(char *spec, size_t k, const char *len, wchar_t conv) {
    char c[2] = {(char)conv, 0};
    spec[k] = 0;
    return strcat(strcat(spec, len), c);
}

static inline int clusim_vwprintf_(const wchar_t *fmt, va_list ap) {
    FILE *out = stdout;
    int n = 0;
    while (*fmt) {
        char spec[40];
        size_t k = 1;
        int wide_len = 0, narrow_len = 0, long_long = 0, long_double = 0, size_len = 0;
        if (*fmt != L'%') {
            n += clusim_put_utf8_(out, (unsigned long)*fmt++);
            continue;
        }
        spec[0] = '%';
        fmt++;
        while (k < 30 && (*fmt == L'-' || *fmt == L'+' || *fmt == L' ' || *fmt == L'#' || *fmt == L'0'))
            spec[k++] = (char)*fmt++;
        if (*fmt == L'*') {
            k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", va_arg(ap, int));
            fmt++;
        }
        while (k < 30 && *fmt >= L'0' && *fmt <= L'9') spec[k++] = (char)*fmt++;
        if (*fmt == L'.') {
            spec[k++] = (char)*fmt++;
            if (*fmt == L'*') {
                k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", va_arg(ap, int));
                fmt++;
            }
            while (k < 30 && *fmt >= L'0' && *fmt <= L'9') spec[k++] = (char)*fmt++;
        }
        if (k > 30) k = 30;
        for (;;) {
            if (*fmt == L'l' && fmt[1] == L'l') long_long = 1, fmt += 2;
            else if (*fmt == L'I' && fmt[1] == L'6' && fmt[2] == L'4') long_long = 1, fmt += 3;
            else if (*fmt == L'I' && fmt[1] == L'3' && fmt[2] == L'2') fmt += 3;
            else if (*fmt == L'l' || *fmt == L'w') wide_len = 1, fmt++;
            else if (*fmt == L'h') narrow_len = 1, fmt++;
            else if (*fmt == L'z' || *fmt == L'I') size_len = 1, fmt++;
            else if (*fmt == L'L') long_double = 1, fmt++;
            else break;
        }
        switch (*fmt) {
        case L'%':
            n += clusim_put_utf8_(out, '%');
            break;
        case L'd':
        case L'i': {
            const char *f = clusim_finish_spec_(spec, k, long_long ? "ll" : size_len ? "t" : "", L'd');
            if (long_long) n += fprintf(out, f, va_arg(ap, long long));
            else if (size_len) n += fprintf(out, f, va_arg(ap, ptrdiff_t));
            else n += fprintf(out, f, va_arg(ap, int));
            break;
        }
        case L'u':
        case L'x':
        case L'X':
        case L'o': {
            const char *f = clusim_finish_spec_(spec, k, long_long ? "ll" : size_len ? "z" : "", *fmt);
            if (long_long) n += fprintf(out, f, va_arg(ap, unsigned long long));
            else if (size_len) n += fprintf(out, f, va_arg(ap, size_t));
            else n += fprintf(out, f, va_arg(ap, unsigned int));
            break;
        }
        case L'c':
        case L'C':
            n += clusim_put_utf8_(out, (unsigned long)(unsigned int)va_arg(ap, int));
            break;
        case L's':
        case L'S': {
            int wide = (*fmt == L's') ? !narrow_len : wide_len;
            const char *f = clusim_finish_spec_(spec, k, "", L's');
            if (wide) {
                char *s = clusim_utf8_(va_arg(ap, const WCHAR *));
                if (s != NULL) n += fprintf(out, f, s);
                free(s);
            } else {
                const char *s = va_arg(ap, const char *);
                n += fprintf(out, f, s != NULL ? s : "(null)");
            }
            break;
        }
        case L'p':
            n += fprintf(out, clusim_finish_spec_(spec, k, "", L'p'), va_arg(ap, void *));
            break;
        case L'f':
        case L'F':
        case L'e':
        case L'E':
        case L'g':
        case L'G':
        case L'a':
        case L'A':
            if (long_double) n += fprintf(out, clusim_finish_spec_(spec, k, "L", *fmt), va_arg(ap, long double));
            else n += fprintf(out, clusim_finish_spec_(spec, k, "", *fmt), va_arg(ap, double));
            break;
        case 0:
            return n;
        default:
            n += clusim_put_utf8_(out, (unsigned long)*fmt);
            break;
        }
        fmt++;
    }
    return n;
}

static inline int clusim_wprintf_(const wchar_t *fmt, ...) {
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = clusim_vwprintf_(fmt, ap);
    va_end(ap);
    return n;
}

#define wprintf clusim_wprintf_
#define vwprintf clusim_vwprintf_

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CLUSIM_WINDOWS_H */
