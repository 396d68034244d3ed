# wait_by_hour.gp - mean wait (joining the queue to reaching a booth) by hour of day, per queue
# Data: wait_by_hour.dat, written by poesim from ../hourly.csv.
# Re-render in this folder:   gnuplot wait_by_hour.gp
# Other formats:              gnuplot -e 'formats="png svg pdf"' wait_by_hour.gp
# Colours: Okabe-Ito palette (colour-blind safe).

if (!exists("formats")) formats = "png svg"
if (!exists("out")) out = "wait_by_hour"

set encoding utf8
set datafile missing "?"
set grid lc rgb "#d9d9d9" lw 1
set border lc rgb "#404040"
set tics textcolor rgb "#202020"
set xlabel "hour of day (h)"
set ylabel "mean wait (min)"
set xrange [0:24]
set xtics 0,3,24
set mxtics 3
set key outside right top vertical Left reverse samplen 3
set lmargin 10
set rmargin 28

do for [fmt in formats] {
    if (fmt eq "png") { set terminal pngcairo size 1000,400 font "sans,11" noenhanced background "white" }
    if (fmt eq "svg") { set terminal svg size 1000,400 font "sans,11" noenhanced background "white" }
    if (fmt eq "pdf") { set terminal pdfcairo size 10.00in,4.00in font "sans,9" noenhanced }
    set output out.".".fmt
    set multiplot layout 1,1 title "Mean wait by hour of day (joining the queue to reaching a booth)\nmean of 3 replications over 2 measured days; band: 95% interval" font ",13"
    set title "Northbound"
    set yrange [0:600]
    plot \
        'wait_by_hour.dat' index 0 using ($1+0.5):3:4 with filledcurves fs transparent solid 0.15 noborder lc rgb "#0072B2" notitle, \
        'wait_by_hour.dat' index 0 using ($1+0.5):2 with linespoints lc rgb "#0072B2" dt 1 lw 2 pt 7 ps 0.6 title "pov general", \
        'wait_by_hour.dat' index 1 using ($1+0.5):3:4 with filledcurves fs transparent solid 0.15 noborder lc rgb "#56B4E9" notitle, \
        'wait_by_hour.dat' index 1 using ($1+0.5):2 with linespoints lc rgb "#56B4E9" dt 1 lw 2 pt 7 ps 0.6 title "pov ready", \
        'wait_by_hour.dat' index 2 using ($1+0.5):3:4 with filledcurves fs transparent solid 0.15 noborder lc rgb "#009E73" notitle, \
        'wait_by_hour.dat' index 2 using ($1+0.5):2 with linespoints lc rgb "#009E73" dt 1 lw 2 pt 7 ps 0.6 title "pov sentri", \
        'wait_by_hour.dat' index 3 using ($1+0.5):3:4 with filledcurves fs transparent solid 0.15 noborder lc rgb "#CC79A7" notitle, \
        'wait_by_hour.dat' index 3 using ($1+0.5):2 with linespoints lc rgb "#CC79A7" dt 2 lw 2 pt 7 ps 0.6 title "pedestrian general", \
        'wait_by_hour.dat' index 4 using ($1+0.5):3:4 with filledcurves fs transparent solid 0.15 noborder lc rgb "#D55E00" notitle, \
        'wait_by_hour.dat' index 4 using ($1+0.5):2 with linespoints lc rgb "#D55E00" dt 4 lw 2 pt 7 ps 0.6 title "truck general", \
        'wait_by_hour.dat' index 5 using ($1+0.5):3:4 with filledcurves fs transparent solid 0.15 noborder lc rgb "#E69F00" notitle, \
        'wait_by_hour.dat' index 5 using ($1+0.5):2 with linespoints lc rgb "#E69F00" dt 4 lw 2 pt 7 ps 0.6 title "truck fast"
    unset multiplot
    set output
}
