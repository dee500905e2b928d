// A small C shim over libpng for QRRender: libpng reports errors with longjmp, which Swift
// cannot cross, so the setjmp lives here and failures come back as a return code and message.
// One encoder is reused for many images: libpng's and zlib's working memory comes from an
// arena owned by the encoder, so no image pays for allocating and faulting in fresh pages.
#ifndef QRPNG_H
#define QRPNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct qrpng_encoder qrpng_encoder;

/// Creates an encoder; NULL when out of memory. Not thread-safe: use one per thread.
qrpng_encoder *qrpng_encoder_create(void);

/// Frees the encoder and its buffers.
void qrpng_encoder_destroy(qrpng_encoder *encoder);

/// Encodes a grayscale image whose rows are already packed for `bit_depth` (1 or 8; for 1,
/// the most significant bit is the leftmost pixel, 0 is black). `pixels_per_metre` > 0 writes
/// a pHYs chunk. `compression` is a zlib level (0-9). On success returns 0 and points `*data`
/// and `*size` at the PNG bytes, valid until the next call; on failure returns -1 and copies
/// libpng's message into `message`.
int qrpng_encode_gray(qrpng_encoder *encoder,
                      const uint8_t *pixels, size_t stride,
                      uint32_t width, uint32_t height, int bit_depth,
                      uint32_t pixels_per_metre, int compression,
                      const uint8_t **data, size_t *size,
                      char *message, size_t message_size);

#endif
