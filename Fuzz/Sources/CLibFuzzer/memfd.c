#define _GNU_SOURCE
#include <sys/mman.h>

#include "CLibFuzzer.h"

int qrcov_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }
