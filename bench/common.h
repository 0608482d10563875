/* common.h — what the benchmark programs share: a monotonic clock and
 * percentiles of a sample. Header-only, static. */
#ifndef LOKET_BENCH_COMMON_H
#define LOKET_BENCH_COMMON_H

#include <stdlib.h>
#include <time.h>

/* Monotonic milliseconds, with fractions. */
static inline double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Sort the sample and give its median and 99th percentile. */
static inline void bench_pct(double *v, int n, double *p50, double *p99)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp);
	int k = (int)(n * 0.99);
	*p50 = v[n / 2];
	*p99 = v[k >= n ? n - 1 : k];
}

#endif
