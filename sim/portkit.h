/*
 * portkit.h - the port model's private kit (sim/port.c and sim/portstage.c;
 * nothing else includes it: the model's state is port.h's opaque struct
 * port).
 *
 * The port module is one module in two files around this header:
 *
 *   port.c       the event loop and what every port has: time, lines,
 *                the crossers' books, booths, flex lanes, staffing
 *                policies, the event handlers, building and a replication;
 *   portstage.c  stages in series: building the stages, their lines and
 *                side inspections, and passing crossers from one stage to
 *                the next (blocking when the next is full).
 *
 * The state is in the structs below, each a delimited part of struct port
 * (a snapshot of the model copies them whole, with their arrays: port_save
 * and port_restore, at the end of port.c, so a new pointer member or a new
 * piece of mutable state of struct port needs its line there): struct
 * crosser is what a line, a booth and a side-inspection space hold; struct
 * stg a stage, with the FIFO of places blocked for it.  Functions shared by
 * the two files carry the prefix pt_ and are declared at the end.
 */
#ifndef POESIM_PORTKIT_H
#define POESIM_PORTKIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "calendar.h"
#include "port.h"
#include "results.h"
#include "scenario.h"
#include "stats.h"

#define QUEUE_INITIAL_CAP 256     /* a power of two, and doubled */
#define WAIT_LONG_S 3600.0          /* "waits over an hour" */
/* The arrival time given to the crossers waiting when the run starts:
 * before it, so that they are never counted as measured. */
#define INITIAL_ARRIVAL_S (-1.0)

/* Event types double as priorities: lower leaves first at equal times. */
enum ev_type {
    EV_TICK, EV_HOURS, EV_STAFF, EV_LANE, EV_LANE_READY, EV_POLICY,
    EV_STAFF_CHECK, EV_STAFF_OPEN,
    EV_SECONDARY_END, EV_SERVICE_END, EV_ARRIVAL
};

/* A lane group serves its queue, or is between two assignments: draining
 * (its booths finish the crossers they hold) then in changeover. */
enum lg_state { LG_SERVING, LG_DRAINING, LG_CHANGEOVER };

enum booth_state { B_CLOSED, B_IDLE, B_BUSY, B_BLOCKED };

/* A crosser in the port: in a line, at a booth or in a side inspection. */
struct crosser {
    double t;                   /* joined its first line: its arrival */
    double tj;                  /* joined the line of its current stage */
    double wq;                  /* time in the lines of the stages before */
    uint32_t bin;               /* hourly bin of the arrival */
    uint16_t stream;
    uint8_t gate;               /* arrived while its first stage was closed: waits for
                                   the opening first */
    uint8_t prog;               /* its programme */
};

struct booth {
    struct crosser c;           /* the crosser held */
    double t_mark;              /* when its inspection started; blocked: when it ended */
    double scale;               /* inspection time multiplier: 1, or 1 / stacked
                                   efficiency at a stacked position */
    int q;                      /* the queue the crosser came from */
    int lg;
    int lane, level;            /* its lane in the group, and its place in the
                                   lane (0: the lane's first booth) */
    unsigned char state;        /* enum booth_state */
    unsigned char closing;      /* busy, will close when its crosser leaves */
};

struct lgroup {
    const struct lanegroup *spec;
    int q;                      /* the queue it serves; -1 while switching */
    int first, n;               /* its booths: booth[first .. first+n) */
    int *idle;                  /* stack of idle booths */
    int n_idle;
    int n_active;               /* staffed and not closing: idle or busy */
    int n_busy;                 /* booths holding a crosser */
    int staff;                  /* booths the staffing schedule wants open */
    double staff_next;          /* time of its pending staffing event (others are stale) */
    /* Assignment. */
    int assign_q[SCN_ASSIGN_MAX];   /* queue of each assignment */
    int cur, target;            /* assignment served; the one switched to */
    enum lg_state state;
    long change;                /* index of the open lane change record */
    /* Dynamic policy. */
    double serving_since;       /* end of the last changeover (or 0) */
    double pending_since;       /* since when the policy wants to switch; < 0: not */
    int count_day, switches_today;
    /* Lanes: open booths (staffed, or finishing a crosser) per lane, and
     * the queue the group's open lanes count for (its queue, or while
     * draining the one it left). */
    int *lane_n;
    int lq;
    /* Staffing policy. */
    int n_pol;                  /* booths the policy has open or opening */
    int held;                   /* lanes it holds (from its pool, if any) */
    int opening;                /* 1 while a booth is opening (its delay) */
    bool opening_lane;          /* that booth is a lane's first */
    double opening_at;          /* when it serves; INFINITY: when a lane another
                                   group gives up has emptied */
    double above_since, below_since;    /* < 0: not */
    int give_to, give_lane;     /* the group its lane give_lane goes to once
                                   empty; -1: none */
};

/* The levels of a line (struct queue's lv): crossers in it, booths open for
 * it (busy, or idle while its stage is open), booths busy, lanes open. */
enum { LV_LEN, LV_OPEN, LV_BUSY, LV_LANES };

/* A line: one stage's queue of one programme (and of the programmes that
 * join it there). */
struct queue {
    struct group_id id;         /* direction, mode and the line's programme */
    int stage;                  /* its stage (struct stg) */
    int grp;                    /* the result group of the line's programme */
    struct crosser *buf;        /* ring buffer */
    size_t cap, head, n;        /* cap a power of two: index & (cap - 1) */
    long storage;               /* -1: unlimited */
    int *lgs, n_lgs;            /* lane groups serving it now, scenario order */
    int n_busy, n_idle;         /* booths of those groups */
    int lanes_open;             /* lanes with a booth open counting for it */
    struct levels lv;           /* LV_LEN, LV_OPEN, LV_BUSY, LV_LANES */
    const struct dist *svc;     /* the line programme's inspection time (for measures) */
    const double *svc_factor;   /* inspection time factor by hour of day, or NULL */
    const struct dist *svc_p[PROG_COUNT];       /* by the crosser's programme */
    const double *svc_factor_p[PROG_COUNT];
    gsl_rng *r_svc;
};

/* A side-inspection (secondary) space. */
struct slot {
    struct crosser c;
    double t_mark;              /* when its inspection started; blocked: when it ended */
    int q;                      /* the line the crosser came from; -1: free */
    int fac;
    unsigned char blocked;      /* done, waiting to enter the next stage */
};

struct facility {
    const struct secondary *spec;
    int first, n;               /* its spaces: slot[first .. first+n) */
    int *free_slot, n_free;
    int *blocked;               /* FIFO of blocked booths */
    size_t bcap, bhead, bn;
    gsl_rng *r_ref, *r_svc;
    uint64_t id_ref, id_svc;
};

/* A stage of the port: one of a chain, or the one stage of a direction and
 * mode without a chain (spec NULL).  Blocked places bound for it ("holders":
 * booth b as b, side-inspection space k as n_booth + k) wait in held[], a
 * FIFO. */
struct stg {
    const struct stage *spec;   /* NULL: built from the top-level keys */
    int spec_k;                 /* its index in the scenario's stages, or -1 */
    enum direction dir;
    enum mode mode;
    int pos;                    /* its place in its chain: its stage column */
    int next[PROG_COUNT];       /* the stage programme p goes to after this one; -1:
                                   it leaves the port */
    int line[PROG_COUNT];       /* the queue p waits in here; -1: it passes by */
    int fac;                    /* its side inspection, or -1 */
    long space;                 /* crossers waiting in its lines at most; -1: no bound */
    long n_wait;                /* waiting in its lines now */
    int *held;                  /* FIFO of blocked holders bound for it */
    size_t hcap, hhead, hn;
    bool used;                  /* has a line: follows its hours */
    bool has_hours;
    bool open;
    double closed_since;
};

struct stream {
    const struct demand *d;
    double rate[WD_COUNT][HOURS_PER_DAY];   /* crossers per second */
    double cum[PROG_COUNT];                 /* cumulative programme shares */
    int q[PROG_COUNT];
    int only;                               /* the one programme with a share, or -1 */
    double seg_start, seg_end, seg_rate;    /* the hour the last arrival fell in */
    gsl_rng *r_arr, *r_split;
    uint64_t id_arr, id_split;
};

struct port {
    const struct scenario *s;
    struct calendar cal;

    size_t n_q;
    struct queue *q;
    int qidx[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    size_t n_lg;
    struct lgroup *lg;
    size_t n_booth;
    struct booth *booth;
    size_t n_fac;
    struct facility *fac;
    size_t n_slot;
    struct slot *slot;
    size_t n_st;
    struct stream *st;
    uint64_t *id_svc;           /* per queue */

    /* Stages, and the stage each programme enters at (-1: it has none). */
    size_t n_stg;
    struct stg *stg;
    int entry[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    /* Result groups: one per programme with demand or a line, in (direction,
     * mode, program) order; without chains, one per queue, in the same
     * order. */
    size_t n_groups;
    int gidx[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    struct group_id *gid;       /* each group's (direction, mode, program) */
    double *gmax;               /* per group: scratch for an hour's longest line */
    bool staged;                /* the scenario has stages: stage figures are kept */
    size_t n_cols;              /* stage columns of the results */
    /* The calendar of each simulated day (warm-up included); `dated`: some
     * day has a monthly factor or a holiday, so arrival rates are worked out
     * per day. */
    struct scn_day *day;
    int n_days;
    bool dated;

    struct histo *hist;         /* waits, per group */
    struct histo hist_all;      /* all groups': summed from hist at the end of a
                                   replication, not added to per crosser */
    struct histo *hist_cross;   /* crossing times, per group */
    struct histo hist_cross_all;    /* all groups', likewise */

    double wait_grid_s[WAIT_GRID_N];
    double t_warm, t_end;
    size_t n_ticks;             /* measured hours: days x 24 */
    size_t n_hours;             /* hourly bins: n_ticks, or 7 x 24 pooled by weekday */
    bool by_weekday;
    uint32_t bin;               /* the hourly bin of the current time (set by the tick) */
    int *pool_used;             /* lanes held in each lane pool */
    struct rep_result *res;
    bool oom;
    bool ended;                 /* the tick closing the last measured hour has passed */
};

/* What crosser c of queue qi spent at the queue's stage: `part` AT_LINE in
 * its line (it reached a booth), AT_BOOTH at a booth (its inspection ended
 * there), AT_SIDE in a side inspection, AT_BLOCKED blocked, x seconds; or
 * AT_IN it entered the stage, AT_OUT it left it.  Kept for scenarios with
 * stages only. */
enum { AT_LINE, AT_BOOTH, AT_SIDE, AT_BLOCKED, AT_IN, AT_OUT };

/* ---- shared by port.c and portstage.c ---------------------------------- */

/* port.c: lines, books and booths. */
bool pt_q_push(struct port *p, struct queue *q, struct crosser it);
void pt_q_touch(const struct port *p, struct queue *q, double t);
void pt_depart(struct port *p, int qi, const struct crosser *c, double t);
void pt_stage_record(struct port *p, int qi, const struct crosser *c, int part, double x);
void pt_start_service(struct port *p, int b, const struct crosser *it, double t);
void pt_release_booth(struct port *p, int b, double t);
int pt_take_idle(struct port *p, struct queue *q);
void pt_group_name(char *buf, size_t n, struct group_id id);

/* portstage.c: building (each returns 0, or -1 if out of memory), and
 * passing crossers on. */
bool pt_group_exists(const struct scenario *s, int d, int m, int g);
int pt_build_stages(struct port *p);
int pt_build_queues(struct port *p);
int pt_build_facilities(struct port *p);
void pt_slot_take(struct port *p, int s, const struct crosser *c, int qi, double t);
void pt_pass_on(struct port *p, int h, double t);
void pt_stage_unblock(struct port *p, int k, double t);

#endif
