/* embedded.h — files compiled into the binary (migrations, the demo seeder,
 * the default keymap) by scripts/embed.sh. */
#ifndef LOKET_EMBEDDED_H
#define LOKET_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* base name, e.g. "001_schema.sql" */
	const char *data; /* NUL-terminated contents */
	size_t len;       /* length without the NUL */
};

extern const struct embedded_file loket_migrations[];
extern const size_t loket_migrations_count;
extern const struct embedded_file loket_seeds[];
extern const size_t loket_seeds_count;
extern const struct embedded_file loket_keymaps[];
extern const size_t loket_keymaps_count;

#endif
