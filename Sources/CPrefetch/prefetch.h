// The compiler's prefetch hint, which Swift has no spelling for: hash tables of millions of
// entries (a bank import's match index) ask for the entries they will touch a few items ahead.
#ifndef QRCOV_PREFETCH_H
#define QRCOV_PREFETCH_H

/// Starts loading the cache line holding `address` (read, kept in all cache levels); no effect
/// on what the program computes.
static inline void qrcov_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
