/* query.h — classifying what an agent typed in the search box. */
#ifndef CORE_QUERY_H
#define CORE_QUERY_H

#include "core/postcode.h"

enum core_query_kind {
	CORE_Q_EMPTY,
	CORE_Q_BSN,
	CORE_Q_POSTCODE,
	CORE_Q_PHONE,
	CORE_Q_EMAIL,
	CORE_Q_CASE_REF,
	CORE_Q_KVK,
	CORE_Q_NAME,
	CORE_Q_INVALID,
};

struct core_query {
	enum core_query_kind kind;
	char key[128];          /* normalised: BSN digits, postcode "3511AB", E.164, e-mail lower
	                         * case, case reference, KvK digits, or normalised surname */
	struct core_address_key addr; /* CORE_Q_POSTCODE; house_number 0 for a postcode alone */
	char name_prefix[32];   /* CORE_Q_NAME: "van der" when typed, else "" */
	int birth_year;         /* CORE_Q_NAME: 0 when absent */
	int birth_month;        /* 0 when absent or only a year was typed */
	int birth_day;          /* 0 when absent or only a year was typed */
	char message[128];      /* CORE_Q_INVALID: why, in English; a fixed text, so a caller can
	                         * translate it with gettext as a message id */
};

/* Classifies and normalises a search: 9 digits passing the elfproef → BSN; 8 or 12 digits →
 * KvK; a phone notation → phone; '@' → e-mail; "Z-…" → case; "3511 AB [12]" → postcode;
 * otherwise a surname with optional prefix and trailing birth date ("de vries 12-03-1961",
 * "jansen 1961-03-12", "van der berg 1961"). Anything unusable gives CORE_Q_INVALID with a
 * message; blank input gives CORE_Q_EMPTY. Never fails otherwise. */
void core_query_classify(const char *in, struct core_query *out);

/* Returns a short, stable name for a kind ("bsn", "postcode", "phone", "email", "case",
 * "kvk", "name", "empty", "invalid") for logs and JSON. */
const char *core_query_kind_name(enum core_query_kind kind);

#endif
