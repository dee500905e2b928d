/*
 * The native ceiling for `scripts/bench qr`: a plain C program on libqrencode + libpng that
 * renders one 1-bit PNG per payload line, single-threaded, in one process. A measuring stick,
 * not product code: the bench compares qrcov's batch rate against it.
 *
 * usage: qr-ceiling PAYLOADS.txt OUTDIR   (module 10 px, quiet zone 4 modules, EC M, 300 dpi)
 */
#include <png.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MODULE = 10, MARGIN = 4 };

static int write_png(const QRcode *code, const char *path) {
    FILE *file = fopen(path, "wb");
    if (!file) return -1;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        fclose(file);
        return -1;
    }
    png_init_io(png, file);
    unsigned side = (unsigned)(code->width + 2 * MARGIN) * MODULE;
    png_set_IHDR(png, info, side, side, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_pHYs(png, info, 11811, 11811, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    size_t stride = (side + 7) / 8;
    unsigned char *row = malloc(stride);
    memset(row, 0xFF, stride);
    for (unsigned y = 0; y < (unsigned)MARGIN * MODULE; y++) png_write_row(png, row);
    for (int my = 0; my < code->width; my++) {
        memset(row, 0xFF, stride);
        for (int mx = 0; mx < code->width; mx++) {
            if (!(code->data[my * code->width + mx] & 1)) continue;
            for (int p = 0; p < MODULE; p++) {
                unsigned x = (unsigned)(MARGIN + mx) * MODULE + (unsigned)p;
                row[x / 8] &= (unsigned char)~(0x80u >> (x % 8));
            }
        }
        for (int p = 0; p < MODULE; p++) png_write_row(png, row);
    }
    memset(row, 0xFF, stride);
    for (unsigned y = 0; y < (unsigned)MARGIN * MODULE; y++) png_write_row(png, row);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    return fclose(file);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PAYLOADS.txt OUTDIR\n", argv[0]);
        return 64;
    }
    FILE *input = fopen(argv[1], "r");
    if (!input) { perror(argv[1]); return 66; }
    char line[4096], path[4096];
    int number = 0;
    while (fgets(line, sizeof line, input)) {
        number++;
        size_t length = strcspn(line, "\r\n");
        line[length] = '\0';
        if (length == 0) continue;
        QRcode *code = QRcode_encodeData((int)length, (const unsigned char *)line, 0, QR_ECLEVEL_M);
        if (!code) { fprintf(stderr, "line %d: encoding failed\n", number); return 65; }
        snprintf(path, sizeof path, "%s/%04d.png", argv[2], number);
        if (write_png(code, path) != 0) { fprintf(stderr, "%s: write failed\n", path); return 73; }
        QRcode_free(code);
    }
    fclose(input);
    return 0;
}
