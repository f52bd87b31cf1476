/* Numbers of the four element types as text (number_format.h). */
#include "number_format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const type_names[] = {"f32", "f64", "bf16", "f16"};

int cli_parse_type(const char *name, cli_type *type)
{
    for (int i = 0; i < 4; i++) {
        if (strcmp(name, type_names[i]) == 0) {
            *type = (cli_type)i;
            return 0;
        }
    }
    return -1;
}

const char *cli_type_name(cli_type type) { return type_names[type]; }

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static float f32_of(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

/* value rounded to nearest-even with p significant bits, exponent at least emin (so the
 * subnormals of the format), overflow past max_finite to inf. */
static double round_to_format(double value, int p, int emin, double max_finite)
{
    if (value == 0 || isinf(value))
        return value;
    int e = ilogb(value);
    if (e < emin)
        e = emin;
    double quantum = ldexp(1.0, e - (p - 1));
    double r = nearbyint(value / quantum) * quantum;   /* default mode: ties to even */
    if (fabs(r) > max_finite)
        return copysign(INFINITY, value);
    return r;
}

static uint16_t f16_encode(double r)   /* r exactly representable in binary16 */
{
    uint16_t sign = signbit(r) ? 0x8000 : 0;
    double a = fabs(r);
    if (isinf(a))
        return (uint16_t)(sign | 0x7c00);
    if (a == 0)
        return sign;
    int e = ilogb(a);
    if (e < -14)   /* subnormal: a multiple of 2^-24 */
        return (uint16_t)(sign | (uint16_t)ldexp(a, 24));
    uint16_t mant = (uint16_t)(ldexp(a, 10 - e) - 1024.0);
    return (uint16_t)(sign | (uint16_t)((e + 15) << 10) | mant);
}

static double f16_decode(uint16_t h)
{
    int e = (h >> 10) & 0x1f;
    double m = h & 0x3ff;
    double v;
    if (e == 0x1f)
        v = m != 0 ? NAN : INFINITY;
    else if (e == 0)
        v = ldexp(m, -24);
    else
        v = ldexp(m + 1024.0, e - 25);
    return (h & 0x8000) ? -v : v;
}

cli_bits cli_bits_from_double(cli_type type, double value)
{
    switch (type) {
    case CLI_F64: {
        uint64_t u;
        memcpy(&u, &value, sizeof u);
        return u;
    }
    case CLI_F32:
        return f32_bits((float)value);
    case CLI_BF16: {
        if (isnan(value))
            return (signbit(value) ? 0x8000u : 0) | 0x7fc0u;
        double r = round_to_format(value, 8, -126, 0x1.fep127);
        return f32_bits((float)r) >> 16;   /* r is a bf16 value, so exact in float */
    }
    case CLI_F16:
        if (isnan(value))
            return (signbit(value) ? 0x8000u : 0) | 0x7e00u;
        return f16_encode(round_to_format(value, 11, -14, 65504.0));
    }
    return 0;
}

double cli_bits_to_double(cli_type type, cli_bits bits)
{
    switch (type) {
    case CLI_F64: {
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
    case CLI_F32:  return (double)f32_of((uint32_t)bits);
    case CLI_BF16: return (double)f32_of((uint32_t)bits << 16);
    case CLI_F16:  return f16_decode((uint16_t)bits);
    }
    return 0;
}

int cli_parse_value(cli_type type, const char *text, cli_bits *bits)
{
    double d;
    if (cli_parse_double(text, &d) != 0)
        return -1;
    if (type == CLI_F32) {
        /* strtof: correctly rounded from the text itself (no double rounding) */
        *bits = f32_bits(strtof(text, NULL));
        return 0;
    }
    *bits = cli_bits_from_double(type, d);
    return 0;
}

void cli_format_shortest(cli_type type, cli_bits bits, char *buf, size_t size)
{
    double v = cli_bits_to_double(type, bits);
    if (isnan(v) || isinf(v)) {
        snprintf(buf, size, "%s%s", signbit(v) ? "-" : "", isnan(v) ? "nan" : "inf");
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        cli_bits back;
        if (cli_parse_value(type, buf, &back) == 0 && back == bits)
            return;
    }
}

void cli_format_hex(cli_type type, cli_bits bits, char *buf, size_t size)
{
    int width = type == CLI_F64 ? 16 : type == CLI_F32 ? 8 : 4;
    snprintf(buf, size, "0x%0*llx", width, (unsigned long long)bits);
}
