/* party.h — the customer calls of schema api: search, open, re-read,
 * timeline, items, reveal. One place for their SQL, shared by the console
 * and the subcommands; screens never write SQL. */
#ifndef LOKET_DB_PARTY_H
#define LOKET_DB_PARTY_H

#include "core/query.h"

#include <stdbool.h>
#include <stddef.h>

#define DB_SQL_PARTY_SEARCH                                                                        \
	"SELECT party_id, kind, display_name, sort_name, birth_date, bsn_masked, address, "        \
	"open_cases, match, score FROM api.party_search($1, $2, $3::date, $4::date, $5::int, $6::int)"
#define DB_SQL_NAME_SUGGEST "SELECT surname, similarity FROM api.name_suggest($1, $2::int)"
#define DB_SQL_PARTY_OPEN "SELECT api.party_open($1::bigint, $2, $3, $4::int)"
#define DB_SQL_PARTY_REREAD "SELECT api.party_reread($1::uuid, $2::bigint, $3::int)"
#define DB_SQL_TIMELINE_PAGE                                                                       \
	"SELECT api.timeline_page($1::uuid, $2::bigint, $3::timestamptz, $4::uuid, $5, $6::int)"
#define DB_SQL_TIMELINE_ITEM "SELECT api.timeline_item($1::uuid, $2::bigint, $3::uuid)"
#define DB_SQL_BSN_REVEAL "SELECT api.bsn_reveal($1::uuid, $2::bigint)"

/* The six parameters of DB_SQL_PARTY_SEARCH for a classified query. */
struct db_search_args {
	const char *v[6];
	char buf[6][136];
};

/* Fill `out` for `q`; false (with a message in `why`) for a query that
 * cannot be searched (empty, invalid). */
bool db_search_args(const struct core_query *q, int limit, struct db_search_args *out,
                    char *why, size_t whylen);

#endif
