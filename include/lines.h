/*
 * lines.h - zeroed allocations that own whole cache lines.
 *
 * Replications run on threads, each with its own port model and results.
 * Those blocks are written at every event; if one shared a 64-byte cache line
 * with another thread's block (malloc packs small blocks side by side), each
 * write would evict the line from the other core and both would slow down
 * (measured: a third more CPU time with two threads).  Blocks from
 * line_alloc start on a line and fill their last one, so no two threads ever
 * write the same line.  Release them with free().
 */
#ifndef POESIM_LINES_H
#define POESIM_LINES_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_LINE 64

/* n zeroed items of `size` bytes, or NULL (out of memory, or too big). */
static inline void *line_alloc(size_t n, size_t size)
{
    if (size && n > (SIZE_MAX - CACHE_LINE) / size)
        return NULL;
    size_t bytes = (n * size + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
    void *m = aligned_alloc(CACHE_LINE, bytes ? bytes : CACHE_LINE);
    if (m)
        memset(m, 0, bytes ? bytes : CACHE_LINE);
    return m;
}

#endif
