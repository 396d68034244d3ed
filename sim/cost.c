/*
 * cost.c - see cost.h.  Arithmetic only; the figures come from the scenario
 * (whose defaults cite their sources).
 */
#include "cost.h"

#include "units.h"

void cost_of(const struct costs *c, enum mode m, double vehicle_s, double person_s,
             struct cost_parts *out)
{
    double vh = vehicle_s / SECONDS_PER_HOUR;
    out->value_of_time = person_s / SECONDS_PER_HOUR * c->value_of_time[m];
    out->truck_operating = m == MODE_TRUCK ? vh * c->truck_operating : 0.0;
    out->fuel_gal = vh * c->idle_fuel_gal_per_hour[m];
    out->fuel_usd = out->fuel_gal * c->fuel_usd_per_gal[m];
    out->co2_kg = out->fuel_gal * c->co2_kg_per_gal[m];
    out->total = out->value_of_time + out->truck_operating + out->fuel_usd;
}
