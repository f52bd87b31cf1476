/* Numbers of the four element types as text: parsing (decimal or hex float, correctly
 * rounded to the type through double) and the shortest decimal that reads back to the same
 * bits. */
#ifndef GELU_CLI_NUMBER_FORMAT_H
#define GELU_CLI_NUMBER_FORMAT_H

#include <stddef.h>
#include <stdint.h>

typedef enum cli_type { CLI_F32, CLI_F64, CLI_BF16, CLI_F16 } cli_type;

/* "f32", "f64", "bf16", "f16".  Returns 0, or -1 for another name. */
int cli_parse_type(const char *name, cli_type *type);
const char *cli_type_name(cli_type type);

/* One value of any type, as its bits (f32: low 32 bits, bf16/f16: low 16). */
typedef uint64_t cli_bits;

/* A double rounded to the type (nearest, ties to even; overflow to inf; NaN kept, quiet).
 * For f32 and f64 text is parsed directly (strtof, strtod: correctly rounded); for bf16
 * and f16 through the double, which is exact except for a decimal within 2^-53 (relative)
 * of a halfway point between two 16-bit values. */
cli_bits cli_bits_from_double(cli_type type, double value);
double cli_bits_to_double(cli_type type, cli_bits bits);
int cli_parse_value(cli_type type, const char *text, cli_bits *bits);

/* The shortest decimal (%g style, "inf", "-inf", "nan", "-nan") that cli_parse_value
 * reads back to the same bits (NaN: any NaN).  buf needs 32 bytes. */
void cli_format_shortest(cli_type type, cli_bits bits, char *buf, size_t size);

/* The bits in hex: 0x3f800000 (f32), 0x3ff0000000000000 (f64), 0x3f80 (bf16, f16). */
void cli_format_hex(cli_type type, cli_bits bits, char *buf, size_t size);

#endif
