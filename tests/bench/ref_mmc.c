/*
 * ref_mmc.c - the reference for `make bench`: a minimal M/M/c event loop.
 *
 * What a hand-written simulation of one queue with c servers needs and no
 * more: a binary heap of (time, kind) events, a ring buffer of arrival
 * times, and the same random generator and sampler as poesim (MRG32k3a
 * through GSL, exponential draws as -mean ln U: dist_exp1 of dist.h).  poesim's engine does much
 * more per event (hourly statistics, quantiles, staffing, levels); the bench
 * compares crossings per second of the two on the same M/M/c.
 *
 * usage: ref_mmc LAMBDA_PER_S MEAN_SERVICE_S SERVERS CROSSINGS [GENERATOR]
 * (GENERATOR mrg32k3a, the default, or xoshiro256++: run.rng's generators,
 * each with its exponential sampler, dist_exp1)
 * prints: crossings events seconds mean_wait_s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dist.h"
#include "rng.h"

struct ev {
    double t;
    int kind;                   /* 0 arrival, 1 departure */
};

static struct ev *heap;
static size_t n_heap;

static void push(double t, int kind)
{
    size_t i = n_heap++;
    while (i > 0 && heap[(i - 1) / 2].t > t) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i] = (struct ev){ t, kind };
}

static struct ev pop(void)
{
    struct ev top = heap[0], last = heap[--n_heap];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n_heap)
            break;
        if (c + 1 < n_heap && heap[c + 1].t < heap[c].t)
            c++;
        if (heap[c].t >= last.t)
            break;
        heap[i] = heap[c];
        i = c;
    }
    heap[i] = last;
    return top;
}

int main(int argc, char **argv)
{
    enum rng_kind kind = RNG_MRG32K3A;
    if (argc == 6 && strcmp(argv[5], rng_kind_names[RNG_XOSHIRO256PP]) == 0)
        kind = RNG_XOSHIRO256PP;
    else if (argc != 5 && !(argc == 6 && strcmp(argv[5], rng_kind_names[RNG_MRG32K3A]) == 0)) {
        fprintf(stderr, "usage: ref_mmc LAMBDA_PER_S MEAN_SERVICE_S SERVERS CROSSINGS "
                        "[mrg32k3a|xoshiro256++]\n");
        return 2;
    }
    double lambda = atof(argv[1]), mean_s = atof(argv[2]);
    int c = atoi(argv[3]);
    long target = atol(argv[4]);
    heap = malloc((size_t)(c + 2) * sizeof *heap);
    size_t cap = 1 << 20, head = 0, n = 0;
    double *fifo = malloc(cap * sizeof *fifo);
    gsl_rng *r_arr = rng_alloc_kind(kind), *r_svc = rng_alloc_kind(kind);
    if (!heap || !fifo || !r_arr || !r_svc)
        return 1;
    rng_seed(r_arr, 7, 1, 0);
    rng_seed(r_svc, 7, 2, 0);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long arrivals = 0, served = 0, events = 0;
    int busy = 0;
    double wait_sum = 0;
    push(dist_exp1(r_arr) / lambda, 0);
    while (served < target) {
        struct ev e = pop();
        events++;
        if (e.kind == 0) {
            arrivals++;
            push(e.t + dist_exp1(r_arr) / lambda, 0);
            if (busy < c) {
                busy++;
                push(e.t + mean_s * dist_exp1(r_svc), 1);
            } else {
                if (n == cap) {
                    fprintf(stderr, "ref_mmc: queue overflow\n");
                    return 1;
                }
                fifo[(head + n++) % cap] = e.t;
            }
        } else {
            served++;
            if (n > 0) {
                wait_sum += e.t - fifo[head];
                head = (head + 1) % cap;
                n--;
                push(e.t + mean_s * dist_exp1(r_svc), 1);
            } else {
                busy--;
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("%ld %ld %.3f %.3f\n", served, events, secs, wait_sum / (double)served);
    gsl_rng_free(r_arr);
    gsl_rng_free(r_svc);
    free(fifo);
    free(heap);
    return 0;
}
