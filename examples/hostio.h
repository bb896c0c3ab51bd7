/* hostio.h - small file helpers for the host programs (not part of the engine). */
#ifndef HOSTIO_H
#define HOSTIO_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* whole file into a 16-byte aligned malloc'd buffer (NUL appended); NULL on failure */
static inline unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *p = NULL;
    long n;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) { fclose(f); return NULL; }
    p = (unsigned char *)aligned_alloc(16, ((size_t)n + 16) / 16 * 16);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) { free(p); p = NULL; }
    fclose(f);
    if (p) { p[n] = 0; *len = (size_t)n; }
    return p;
}

/* writes to path.tmp then renames, so a failed write never leaves a half file; 0 on
   success, -1 on failure (errno says why) */
static inline int write_file(const char *path, const void *data, size_t len) {
    size_t pl = strlen(path);
    char *tmp = (char *)malloc(pl + 5);
    FILE *f;
    int ok, e;
    if (!tmp) return -1;
    memcpy(tmp, path, pl);
    memcpy(tmp + pl, ".tmp", 5);
    if (!(f = fopen(tmp, "wb"))) { e = errno; free(tmp); errno = e; return -1; }
    ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (ok && rename(tmp, path) == 0) { free(tmp); return 0; }
    e = errno;
    remove(tmp);
    free(tmp);
    errno = e;
    return -1;
}
#endif
