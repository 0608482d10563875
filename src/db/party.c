/* party.c — see party.h. */
#include "db/party.h"

#include <stdio.h>
#include <string.h>

static bool valid_date(int y, int m, int d)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return y >= 1880 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

bool db_search_args(const struct core_query *q, int limit, struct db_search_args *out,
                    char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	switch (q->kind) {
	case CORE_Q_EMPTY:
		snprintf(why, whylen, "type a BSN, postcode and number, phone, e-mail, case, KvK or name");
		return false;
	case CORE_Q_INVALID:
		snprintf(why, whylen, "%s", q->message);
		return false;
	default:
		break;
	}
	snprintf(out->buf[0], sizeof out->buf[0], "%s", core_query_kind_name(q->kind));
	snprintf(out->buf[1], sizeof out->buf[1], "%s",
	         q->kind == CORE_Q_POSTCODE ? q->addr.postcode : q->key);
	out->v[0] = out->buf[0];
	out->v[1] = out->buf[1];
	if (q->kind == CORE_Q_NAME && q->birth_year) {
		if (q->birth_month && q->birth_day) {
			if (!valid_date(q->birth_year, q->birth_month, q->birth_day)) {
				snprintf(why, whylen, "%02d-%02d-%04d is not a date", q->birth_day,
				         q->birth_month, q->birth_year);
				return false;
			}
			snprintf(out->buf[2], sizeof out->buf[2], "%04d-%02d-%02d", q->birth_year,
			         q->birth_month, q->birth_day);
			snprintf(out->buf[3], sizeof out->buf[3], "%s", out->buf[2]);
		} else {
			snprintf(out->buf[2], sizeof out->buf[2], "%04d-01-01", q->birth_year);
			snprintf(out->buf[3], sizeof out->buf[3], "%04d-12-31", q->birth_year);
		}
		out->v[2] = out->buf[2];
		out->v[3] = out->buf[3];
	}
	if (q->kind == CORE_Q_POSTCODE && q->addr.house_number > 0) {
		snprintf(out->buf[4], sizeof out->buf[4], "%d", q->addr.house_number);
		out->v[4] = out->buf[4];
	}
	snprintf(out->buf[5], sizeof out->buf[5], "%d", limit);
	out->v[5] = out->buf[5];
	return true;
}
