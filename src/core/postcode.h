/* postcode.h — Dutch postcode plus house number, as agents type them. */
#ifndef CORE_POSTCODE_H
#define CORE_POSTCODE_H

#include <stdbool.h>

/* A normalised address key: what the BAG (address register) identifies an address by. */
struct core_address_key {
	char postcode[7];  /* "3511AB": four digits, first not 0, two upper-case letters */
	int house_number;  /* 1..99999 */
	char letter;       /* huisletter, upper case: 'A'; 0 when absent */
	char suffix[8];    /* huisnummertoevoeging, lower case, at most 4 letters/digits: "2", "bis"; "" when absent */
};

/* Parses "3511AB 12", "3511 ab 12-2", "3511AB12a", "3511 AB 12 A 2", "3511ab 12 bis" into out;
 * returns false (out unspecified) for anything else, including a postcode without house number. */
bool core_postcode_parse(const char *in, struct core_address_key *out);

/* Normalises a postcode alone ("3511 ab", " 3511AB ") to "3511AB"; returns false if it is not one. */
bool core_postcode_normalise(const char *in, char out[7]);

#endif
