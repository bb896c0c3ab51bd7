# Loss curves of the committed models: `make plot` (run from the repository root)
# reads the trainer's CSVs (--csv) and writes examples/models/loss.png.
# Columns: step, lr, train_loss (nats, mean over the last --log-every steps),
# val_loss (nats), val_bpc. The periodic validation checks use the first 32 KB of the
# validation split (--eval-chars); the last row is the whole split, the figure that
# build/eval reproduces with the integer engine.
set datafile separator ','
set terminal pngcairo size 900,540 font 'sans,10'
set output 'examples/models/loss.png'
set title 'Tiny Shakespeare, ternary weights, INT8 activations: bits per char'
set xlabel 'step (16 x 128 characters each)'
set ylabel 'bits per char'
set grid
set key top right
ln2 = log(2.0)
D = 'examples/models/default.csv'
Z = 'examples/models/zybo.csv'
stats D every ::1 using 1 nooutput
nd = STATS_records
stats Z every ::1 using 1 nooutput
nz = STATS_records
set yrange [1.6:4.5]
plot D every ::1 using 1:($3/ln2) with lines lw 1 lc rgb '#9ecae1' title 'default: train', \
     D every ::1::(nd-1) using 1:(valid(5) ? $5 : 1/0) with linespoints pt 7 ps 0.6 lw 2 lc rgb '#08519c' title 'default: validation, first 32 KB', \
     D every ::nd::nd using 1:5 with points pt 5 ps 1.4 lc rgb '#08519c' title 'default: whole validation split', \
     Z every ::1 using 1:($3/ln2) with lines lw 1 lc rgb '#fdae6b' title 'ZyboGPT shape: train', \
     Z every ::1::(nz-1) using 1:(valid(5) ? $5 : 1/0) with linespoints pt 7 ps 0.6 lw 2 lc rgb '#a63603' title 'ZyboGPT shape: validation, first 32 KB', \
     Z every ::nz::nz using 1:5 with points pt 5 ps 1.4 lc rgb '#a63603' title 'ZyboGPT shape: whole validation split', \
     2.2 with lines dt 2 lc rgb '#08519c' title 'target, default (2.20)', \
     2.5 with lines dt 2 lc rgb '#a63603' title 'target, ZyboGPT shape (2.50)'
