/*
 * ranks.h - run, batch and sweep spread over the ranks of an MPI job
 * (`mpirun -n N ./poesim batch ... --mpi`, poesim built with `make MPI=1`).
 *
 * A task is one replication of one scenario.  Rank 0, the manager, runs the
 * command as usual - it reads the scenarios, keeps the engines and their
 * summaries, writes every file and prints every line - except that the
 * replications of each round go to the other ranks, the workers, through a
 * batch runner (batch.h).  A worker computes whatever task it is handed and
 * sends the result back; it never touches the file system or the terminal.
 * Since every replication is seeded by (seed, random source, replication)
 * and the manager adds each scenario's results in replication order, the
 * outputs are the bytes a serial run writes, whatever the number of ranks.
 *
 * The protocol (MPI_COMM_WORLD, point to point, bytes):
 *   manager -> worker  TASK    scenario index, replication, and - when the
 *                              worker does not hold that scenario yet - its
 *                              definition: name, run settings and the merged
 *                              JSON text (scn_merged_text), parsed there, so
 *                              workers need no access to the scenario files
 *   worker -> manager  RESULT  scenario index, replication, res_pack bytes
 *   worker -> manager  ERROR   scenario index, replication, exit status,
 *                              the message
 *   manager -> worker  STOP    the job is over: MPI_Finalize and exit 0
 * The manager gives each worker one task at a time and the next as soon as
 * its result arrives (MPI_ANY_SOURCE), in scenario-major order: dynamic load
 * balancing, so a long scenario does not leave ranks idle while others
 * finish.  Results that arrive ahead of their turn wait in memory until the
 * replications before them are in.  Both sides wait for messages with a
 * probe and a short sleep (at most PAUSE_MAX_NS) rather than MPI's busy
 * polling, so the manager costs next to no CPU and an idle worker does not
 * compete with busy ones on an oversubscribed node.
 *
 * Failures end the job within a bounded time: a task that fails makes the
 * manager report "scenario NAME, replication K: message" (via the batch's
 * error) and, as workers are still computing, ranks_end aborts the job
 * (MPI_Abort) with the failure's status; a rank that dies makes mpirun end
 * the job.  A failure while no worker computes (a bad scenario, an output
 * that cannot be written) stops the workers in order.
 *
 * Test hook: POESIM_MPI_TEST_DIE_RANK=K makes the worker of rank K exit at
 * once (_exit(3)) when its first task arrives, as a crashed rank would.
 *
 * Built without MPI (no -DPOESIM_MPI), ranks_built() is false and the rest
 * must not be called (main refuses --mpi).
 *
 * Ownership: ranks_job_new returns a job freed with ranks_job_free; it
 * borrows the labels and texts given to ranks_job_set, which must outlive it.
 * The process's MPI state (started, rank, workers computing) is the module's
 * own: MPI itself is one per process.
 */
#ifndef POESIM_RANKS_H
#define POESIM_RANKS_H

#include <stdbool.h>
#include <stddef.h>

#include "batch.h"
#include "error.h"

/* Was this poesim built with MPI (make MPI=1)? */
bool ranks_built(void);

/* Start MPI (MPI_Init).  Returns this process's rank: 0 for the manager,
 * which runs the command and then calls ranks_end; > 0 for a worker, which
 * calls ranks_serve and exits with its status.  Returns -1 with *e filled
 * (EXIT_USAGE) if the job has fewer than two ranks (MPI is then ended). */
int ranks_start(int *argc, char ***argv, struct err *e);

/* A worker's life: compute the tasks rank 0 sends until it says stop.
 * Returns the exit status (0), after MPI_Finalize. */
int ranks_serve(void);

/* Rank 0 is done with status rc: if a worker is still computing (the
 * command failed midway), abort the whole job with status rc; otherwise
 * tell every worker to stop and end MPI.  Returns rc.  Does nothing if MPI
 * was not started. */
int ranks_end(int rc);

/* The manager's side of a batch of n scenarios, in the batch's order. */
struct ranks_job;

/* NULL with *e filled if out of memory. */
struct ranks_job *ranks_job_new(size_t n, struct err *e);
void ranks_job_free(struct ranks_job *j);

/* Scenario i of the batch is scn_merged_text's `text` of the file `label`
 * (both borrowed).  The workers parse that text and take the name and run
 * settings of the batch's scenario i as they are when it runs. */
void ranks_job_set(struct ranks_job *j, size_t i, const char *label, const char *text);

/* The runner to put in batch_opts.runner: it sends the replications of each
 * round to the workers. */
const struct batch_runner *ranks_runner(struct ranks_job *j);

#endif
