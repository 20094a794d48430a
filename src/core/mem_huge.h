/* mem_huge.h — a hint that a large buffer be backed by huge pages. */
#ifndef GUICHET_MEM_HUGE_H
#define GUICHET_MEM_HUGE_H

#include <stddef.h>

/* Asks the kernel to back the whole 2 MiB stretches of p[0 … n) with
 * transparent huge pages (madvise MADV_HUGEPAGE), when n is at least
 * MEM_HUGE_MIN; nothing otherwise, nor where the system has no such pages.
 * For the buffers a full sync pack fills once, byte after byte: hundreds
 * of megabytes written for the first time, each 4 KiB page a fault
 * (docs/performance.md). Only a hint: the buffer, its allocation and its
 * free() are unchanged. */
#define MEM_HUGE_MIN ((size_t)4 << 20)
void mem_huge_hint(void *p, size_t n);

#endif
