# cost.gp - cost of waiting per day per queue, stacked by component
# Data: cost.dat, written by poesim from ../summary.json.
# Re-render in this folder:   gnuplot cost.gp
# Other formats:              gnuplot -e 'formats="png svg pdf"' cost.gp
# Colours: Okabe-Ito palette (colour-blind safe).

if (!exists("formats")) formats = "png svg"
if (!exists("out")) out = "cost"

set encoding utf8
set datafile missing "?"
set grid lc rgb "#d9d9d9" lw 1
set border lc rgb "#404040"
set tics textcolor rgb "#202020"
set xlabel "cost of waiting (thousand USD of 2020 per day)"
set xrange [0:112]
set yrange [5.5:-0.5]
set ytics scale 0
set grid xtics noytics
set style fill solid 0.85 border rgb "#404040"
set key outside right top vertical Left reverse
set lmargin 24
set rmargin 25
set title "Cost of waiting per day, by queue and component (labels: total ± 95% half-width)\nmean of 3 replications over 2 measured days; port total $89,803 ± 11,318 per day" font ",13"
# A bar is a box from x-dx to x+dx and y-dy to y+dy (boxxyerror); dy sets its thickness.
dy = 0.32

do for [fmt in formats] {
    if (fmt eq "png") { set terminal pngcairo size 1000,406 font "sans,11" noenhanced background "white" }
    if (fmt eq "svg") { set terminal svg size 1000,406 font "sans,11" noenhanced background "white" }
    if (fmt eq "pdf") { set terminal pdfcairo size 10.00in,4.06in font "sans,9" noenhanced }
    set output out.".".fmt
    plot 'cost.dat' using ($2/2):1:($2/2):(dy):ytic(7) with boxxyerror lc rgb "#0072B2" title "value of time", \
         '' using ($2+$3/2):1:($3/2):(dy) with boxxyerror lc rgb "#D55E00" title "truck operating", \
         '' using ($2+$3+$4/2):1:($4/2):(dy) with boxxyerror lc rgb "#E69F00" title "idle fuel", \
         '' using 5:1:8 with labels left offset 1,0 font ",10" notitle
    set output
}
