/* env_warning.h -- the one line on stderr for an environment variable that is ignored
 * (GELU_ISA in cpu.c, GELU_NUM_THREADS in threads.c). */
#ifndef GELU_ENV_WARNING_H
#define GELU_ENV_WARNING_H

/* Prints `libgelu: NAME="VALUE" is WHY; using the default` as one line: the value cut to
 * its first 40 bytes ("..." after it when longer), with quotes, backslashes, control
 * characters and non-ASCII bytes written as \xNN, so that no value can break or forge
 * lines. */
void gelu_env_warning(const char *name, const char *value, const char *why);

#endif /* GELU_ENV_WARNING_H */
