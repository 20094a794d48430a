/* mem_huge.c — see mem_huge.h. */
#include "mem_huge.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

void mem_huge_hint(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    if (!p || n < MEM_HUGE_MIN)
        return;
    /* madvise wants a page-aligned start: the whole pages inside the buffer
     * (malloc puts a buffer this large in its own mapping; the kernel uses
     * huge pages for the 2 MiB-aligned parts of it) */
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = ((uintptr_t)p + page - 1) & ~(page - 1),
              end = ((uintptr_t)p + n) & ~(page - 1);
    if (end > start)
        madvise((void *)start, end - start, MADV_HUGEPAGE); /* a hint: a refusal changes nothing */
#else
    (void)p;
    (void)n;
#endif
}
