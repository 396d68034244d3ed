# queue_by_hour.gp - time-average queue length by hour of day, per queue
# Data: queue_by_hour.dat, written by poesim from ../hourly.csv.
# Re-render in this folder:   gnuplot queue_by_hour.gp
# Other formats:              gnuplot -e 'formats="png svg pdf"' queue_by_hour.gp
# Colours: Okabe-Ito palette (colour-blind safe).

if (!exists("formats")) formats = "png svg"
if (!exists("out")) out = "queue_by_hour"

set encoding utf8
set datafile missing "?"
set grid lc rgb "#d9d9d9" lw 1
set border lc rgb "#404040"
set tics textcolor rgb "#202020"
set xlabel "hour of day (h)"
set ylabel "queue length (crossers waiting)"
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
    set multiplot layout 1,1 title "Queue length by hour of day (time-average)\nmean of 3 replications over 2 measured days; no interval drawn" font ",13"
    set title "Northbound"
    set yrange [0:100]
    plot \
        'queue_by_hour.dat' index 0 using ($1+0.5):2 with linespoints lc rgb "#0072B2" dt 1 lw 2 pt 7 ps 0.6 title "pov general", \
        'queue_by_hour.dat' index 1 using ($1+0.5):2 with linespoints lc rgb "#56B4E9" dt 1 lw 2 pt 7 ps 0.6 title "pov ready", \
        'queue_by_hour.dat' index 2 using ($1+0.5):2 with linespoints lc rgb "#009E73" dt 1 lw 2 pt 7 ps 0.6 title "pov sentri", \
        'queue_by_hour.dat' index 3 using ($1+0.5):2 with linespoints lc rgb "#CC79A7" dt 2 lw 2 pt 7 ps 0.6 title "pedestrian general", \
        'queue_by_hour.dat' index 4 using ($1+0.5):2 with linespoints lc rgb "#D55E00" dt 4 lw 2 pt 7 ps 0.6 title "truck general", \
        'queue_by_hour.dat' index 5 using ($1+0.5):2 with linespoints lc rgb "#E69F00" dt 4 lw 2 pt 7 ps 0.6 title "truck fast"
    unset multiplot
    set output
}
