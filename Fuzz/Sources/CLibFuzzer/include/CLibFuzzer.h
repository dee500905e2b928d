// libFuzzer's entry point for a program with its own main (compiler-rt's libclang_rt.fuzzer,
// linked by -sanitize=fuzzer), and memfd_create, which Swift's Glibc module leaves out.
#ifndef QRCOV_CLIBFUZZER_H
#define QRCOV_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// Parses libFuzzer's flags from argc/argv and runs it on `callback`; returns the exit status.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// A file that lives in memory only (Linux); its descriptor, or -1 with errno set.
int qrcov_memfd_create(const char *name);

#endif
