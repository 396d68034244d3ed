/*
 * cost.h - what waiting costs: user costs of delay, fuel burnt idling, CO2.
 *
 * For one group of crossers of one mode that waited V vehicle-seconds and
 * P person-seconds (V x occupancy):
 *   value of time    = P / 3600 x value_of_time[mode]          (USD)
 *   truck operating  = V / 3600 x truck_operating, trucks only (USD, no fuel)
 *   fuel             = V / 3600 x idle_fuel_gal_per_hour[mode] (gallons)
 *   fuel cost        = fuel x fuel_usd_per_gal[mode]           (USD)
 *   CO2              = fuel x co2_kg_per_gal[mode]             (kg)
 *   total            = value of time + truck operating + fuel cost
 * Truck operating cost is taken without fuel, so fuel is not counted twice.
 * These are user costs, not regional-economy totals with multipliers.
 */
#ifndef POESIM_COST_H
#define POESIM_COST_H

#include "scenario.h"

struct cost_parts {
    double value_of_time, truck_operating, fuel_usd, total;   /* USD */
    double fuel_gal, co2_kg;
};

void cost_of(const struct costs *c, enum mode m, double vehicle_s, double person_s,
             struct cost_parts *out);

#endif
