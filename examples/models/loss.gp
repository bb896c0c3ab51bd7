# Loss curves of the committed models: `make plot` (run from the repository root)
# reads the trainer's CSVs (--csv) and writes examples/models/loss.png.
# Columns: step, lr, train_loss (nats, mean over the last --log-every steps),
# val_loss (nats; periodic checks on the first 32 KB of the validation split, the
# last row on all of it), val_bpc.
set datafile separator ','
set terminal pngcairo size 900,540 font 'sans,10'
set output 'examples/models/loss.png'
set title 'Tiny Shakespeare, ternary weights, INT8 activations: bits per char'
set xlabel 'step (16 x 128 characters each)'
set ylabel 'bits per char'
set yrange [1.8:4.5]
set grid
set key top right
ln2 = log(2.0)
plot 'examples/models/default.csv' every ::1 using 1:($3/ln2) with lines lw 1 lc rgb '#9ecae1' title 'default: train', \
     ''                            every ::1 using 1:(valid(5) ? $5 : 1/0) with linespoints pt 7 ps 0.6 lw 2 lc rgb '#08519c' title 'default: validation', \
     'examples/models/zybo.csv'    every ::1 using 1:($3/ln2) with lines lw 1 lc rgb '#fdae6b' title 'ZyboGPT shape: train', \
     ''                            every ::1 using 1:(valid(5) ? $5 : 1/0) with linespoints pt 7 ps 0.6 lw 2 lc rgb '#a63603' title 'ZyboGPT shape: validation', \
     2.4 with lines dt 2 lc rgb '#08519c' title 'target, default (2.4)', \
     2.6 with lines dt 2 lc rgb '#a63603' title 'target, ZyboGPT shape (2.6)'
