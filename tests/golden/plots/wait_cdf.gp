# wait_cdf.gp - share of crossers waiting longer than x, per queue
# Data: wait_cdf.dat, written by poesim from ../waits.csv.
# Re-render in this folder:   gnuplot wait_cdf.gp
# Other formats:              gnuplot -e 'formats="png svg pdf"' wait_cdf.gp
# Colours: Okabe-Ito palette (colour-blind safe).

if (!exists("formats")) formats = "png svg"
if (!exists("out")) out = "wait_cdf"

set encoding utf8
set datafile missing "?"
set grid lc rgb "#d9d9d9" lw 1
set border lc rgb "#404040"
set tics textcolor rgb "#202020"
set xlabel "wait x (min, log scale)"
set ylabel "share waiting longer than x (%)"
set logscale x
set xrange [1:564]
set xtics (1, 2, 5, 10, 20, 30, 60, 120, 240, 480)
set yrange [0:100]
set ytics 0,10,100
set key outside right top vertical Left reverse samplen 3
set lmargin 10
set rmargin 38
# The question it answers: what share waits over an hour?
set arrow 1 from 60, graph 0 to 60, graph 1 nohead dt 2 lw 1.5 lc rgb "#404040"
set label 1 "1 hour" at 60, graph 0.95 offset 0.5,0 textcolor rgb "#404040"

do for [fmt in formats] {
    if (fmt eq "png") { set terminal pngcairo size 1000,400 font "sans,11" noenhanced background "white" }
    if (fmt eq "svg") { set terminal svg size 1000,400 font "sans,11" noenhanced background "white" }
    if (fmt eq "pdf") { set terminal pdfcairo size 10.00in,4.00in font "sans,9" noenhanced }
    set output out.".".fmt
    set multiplot layout 1,1 title "Share of crossers waiting longer than x, from 1 minute (key: share over 1 hour)\nmean of 3 replications over 2 measured days; no interval drawn" font ",13"
    set title "Northbound"
    plot \
        'wait_cdf.dat' index 0 using ($1 > 0 ? $1 : NaN):2 with lines lc rgb "#0072B2" dt 1 lw 2 title "pov general: 0.0% > 1 h", \
        'wait_cdf.dat' index 1 using ($1 > 0 ? $1 : NaN):2 with lines lc rgb "#56B4E9" dt 1 lw 2 title "pov ready: 6.6% > 1 h", \
        'wait_cdf.dat' index 2 using ($1 > 0 ? $1 : NaN):2 with lines lc rgb "#009E73" dt 1 lw 2 title "pov sentri: 8.6% > 1 h", \
        'wait_cdf.dat' index 3 using ($1 > 0 ? $1 : NaN):2 with lines lc rgb "#CC79A7" dt 2 lw 2 title "pedestrian general: 0.0% > 1 h", \
        'wait_cdf.dat' index 4 using ($1 > 0 ? $1 : NaN):2 with lines lc rgb "#D55E00" dt 4 lw 2 title "truck general: 54.0% > 1 h", \
        'wait_cdf.dat' index 5 using ($1 > 0 ? $1 : NaN):2 with lines lc rgb "#E69F00" dt 4 lw 2 title "truck fast: 26.5% > 1 h"
    unset multiplot
    set output
}
