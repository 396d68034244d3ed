/* version.h - the release of poesim, printed by --version and in outputs. */
#ifndef POESIM_VERSION_H
#define POESIM_VERSION_H
#define POESIM_VERSION "0.1.0"
#endif
