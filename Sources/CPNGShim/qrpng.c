#include "qrpng.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// libpng + zlib need well under 1 MiB for one image (deflate's window, hash and pending
// buffers dominate); anything beyond the arena falls back to malloc.
#define QRPNG_ARENA_SIZE (1u << 20)

struct qrpng_encoder {
    unsigned char *arena;
    size_t arena_used;
    unsigned char *output;
    size_t output_size;
    size_t output_capacity;
    int output_failed;
    png_bytep *rows;
    size_t rows_capacity;
    char message[256];
};

static png_voidp arena_malloc(png_structp png, png_alloc_size_t size) {
    qrpng_encoder *encoder = png_get_mem_ptr(png);
    size_t aligned = (size + 15u) & ~(size_t)15u;
    if (encoder->arena_used + aligned <= QRPNG_ARENA_SIZE) {
        void *block = encoder->arena + encoder->arena_used;
        encoder->arena_used += aligned;
        return block;
    }
    return malloc(size);
}

static void arena_free(png_structp png, png_voidp block) {
    qrpng_encoder *encoder = png_get_mem_ptr(png);
    unsigned char *p = block;
    if (p >= encoder->arena && p < encoder->arena + QRPNG_ARENA_SIZE) return;
    free(block);
}

static void on_error(png_structp png, png_const_charp text) {
    qrpng_encoder *encoder = png_get_error_ptr(png);
    strncpy(encoder->message, text ? text : "libpng error", sizeof encoder->message - 1);
    encoder->message[sizeof encoder->message - 1] = '\0';
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static void on_write(png_structp png, png_bytep bytes, png_size_t length) {
    qrpng_encoder *encoder = png_get_io_ptr(png);
    if (encoder->output_size + length > encoder->output_capacity) {
        size_t capacity = encoder->output_capacity ? encoder->output_capacity : 65536;
        while (capacity < encoder->output_size + length) capacity *= 2;
        unsigned char *grown = realloc(encoder->output, capacity);
        if (!grown) {
            encoder->output_failed = 1;
            png_error(png, "out of memory for the PNG output buffer");
        }
        encoder->output = grown;
        encoder->output_capacity = capacity;
    }
    memcpy(encoder->output + encoder->output_size, bytes, length);
    encoder->output_size += length;
}

static void on_flush(png_structp png) { (void)png; }

qrpng_encoder *qrpng_encoder_create(void) {
    qrpng_encoder *encoder = calloc(1, sizeof *encoder);
    if (!encoder) return NULL;
    encoder->arena = malloc(QRPNG_ARENA_SIZE);
    if (!encoder->arena) {
        free(encoder);
        return NULL;
    }
    return encoder;
}

void qrpng_encoder_destroy(qrpng_encoder *encoder) {
    if (!encoder) return;
    free(encoder->arena);
    free(encoder->output);
    free(encoder->rows);
    free(encoder);
}

int qrpng_encode_gray(qrpng_encoder *encoder,
                      const uint8_t *pixels, size_t stride,
                      uint32_t width, uint32_t height, int bit_depth,
                      uint32_t pixels_per_metre, int compression,
                      const uint8_t **data, size_t *size,
                      char *message, size_t message_size) {
    encoder->arena_used = 0;
    encoder->output_size = 0;
    encoder->output_failed = 0;
    encoder->message[0] = '\0';

    if (encoder->rows_capacity < height) {
        png_bytep *rows = realloc(encoder->rows, height * sizeof *rows);
        if (!rows) {
            snprintf(message, message_size, "out of memory for %u row pointers", height);
            return -1;
        }
        encoder->rows = rows;
        encoder->rows_capacity = height;
    }
    for (uint32_t y = 0; y < height; y++) encoder->rows[y] = (png_bytep)(pixels + (size_t)y * stride);

    png_structp png = png_create_write_struct_2(PNG_LIBPNG_VER_STRING, encoder, on_error, on_warning,
                                                encoder, arena_malloc, arena_free);
    if (!png) {
        snprintf(message, message_size, "libpng could not create a write structure");
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        snprintf(message, message_size, "%s", encoder->message[0] ? encoder->message : "libpng could not create an info structure");
        png_destroy_write_struct(&png, info ? &info : NULL);
        return -1;
    }
    png_set_write_fn(png, encoder, on_write, on_flush);
    png_set_IHDR(png, info, width, height, bit_depth, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (pixels_per_metre > 0) png_set_pHYs(png, info, pixels_per_metre, pixels_per_metre, PNG_RESOLUTION_METER);
    png_set_compression_level(png, compression);
    // Bilevel rows need no filter; 8-bit renders repeat rows, which "up" turns into zeros.
    png_set_filter(png, PNG_FILTER_TYPE_BASE, bit_depth < 8 ? PNG_FILTER_NONE : PNG_FILTER_UP);
    png_write_info(png, info);
    png_write_image(png, encoder->rows);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);

    *data = encoder->output;
    *size = encoder->output_size;
    return 0;
}
